"""Writes to the power list: every adjustment (立改废释) is a new version, with its ledger entry.

The ``PowerItem`` row mirrors the current version's code, name, category, domain and legal
basis, so that cases keep reading them directly.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies import permissions
from sanxiang.agencies.choices import ChangeKind
from sanxiang.agencies.models import (
    Agency,
    DiscretionRule,
    EnforcementDomain,
    PowerItem,
    PowerItemVersion,
    User,
)
from sanxiang.agencies.powerlist import PowerContent, content_of, content_problems
from sanxiang.ledger import services as ledger

LEDGER_KIND = "agencies.power_item_version"


def _check_adjustment(
    *, content: PowerContent, reason: str, effective_on: dt.date, approver: str
) -> dict[str, EnforcementDomain]:
    domains = {d.code: d for d in EnforcementDomain.objects.all()}
    problems = content_problems(content, known_domains=set(domains))
    if not reason.strip():
        problems.setdefault("reason", []).append(_("Give the reason for the adjustment."))
    if not approver.strip():
        problems.setdefault("approver", []).append(_("Name who approved the adjustment."))
    if effective_on > timezone.localdate():
        problems.setdefault("effective_on", []).append(
            _("Record an adjustment on or after the day it takes effect.")
        )
    if problems:
        raise ValidationError(problems)
    return domains


def _write_version(
    *, actor: User | None, item: PowerItem, kind: ChangeKind, content: PowerContent,
    domain: EnforcementDomain, reason: str, effective_on: dt.date, approver: str,
) -> PowerItemVersion:  # fmt: skip
    last = item.versions.order_by("-number").first() if item.pk else None
    version = PowerItemVersion.objects.create(
        item=item, number=(last.number + 1) if last else 1, change_kind=kind,
        reason=reason.strip(), effective_on=effective_on, approver=approver.strip(),
        code=content.code.strip(), name=content.name.strip(), category=content.category,
        domain=domain, legal_basis=content.legal_basis.strip(),
        responsible_unit=content.responsible_unit.strip(), procedure=content.procedure.strip(),
        time_limit=content.time_limit.strip(), remedy=content.remedy.strip(),
        recorded_by=actor, recorded_at=timezone.now(),
    )  # fmt: skip
    DiscretionRule.objects.bulk_create(
        DiscretionRule(
            version=version,
            order=n,
            level=r.level,
            circumstances=r.circumstances.strip(),
            fine_min=r.fine_min,
            fine_max=r.fine_max,
            other_penalty=r.other_penalty.strip(),
        )
        for n, r in enumerate(content.rules)
    )
    entry = ledger.append(
        kind=LEDGER_KIND,
        payload={
            "agency": item.agency.code,
            "version": version.number,
            "change": kind.value,
            "reason": version.reason,
            "effective_on": effective_on.isoformat(),
            "approver": version.approver,
            "content": content.payload(),
        },
        actor=actor,
        subject=f"power-item:{item.agency.code}:{version.code}",
    )
    version.ledger_seq = entry.seq
    version.save(update_fields=["ledger_seq"])
    item.code, item.name, item.category = version.code, version.name, version.category
    item.domain, item.legal_basis = domain, version.legal_basis
    item.is_active = kind != ChangeKind.ABOLISH
    item.current_version = version
    item.save(
        update_fields=["code", "name", "category", "domain", "legal_basis", "is_active",
                       "current_version"]
    )  # fmt: skip
    return version


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You do not have permission to do this."))


@transaction.atomic
def establish_power_item(
    *, actor: User, agency: Agency, content: PowerContent, reason: str,
    effective_on: dt.date, approver: str,
) -> PowerItemVersion:  # fmt: skip
    """立: a new item on the agency's power list (or an abolished one brought back)."""
    _require(permissions.can_manage_power_list(actor, agency))
    domains = _check_adjustment(
        content=content, reason=reason, effective_on=effective_on, approver=approver
    )
    item = PowerItem.objects.filter(agency=agency, code=content.code.strip()).first()
    if item is not None and item.is_active:
        raise ValidationError(
            {"code": _("The power list already has an item with this code; amend it instead.")}
        )
    if item is None:
        domain = domains[content.domain_code]
        item = PowerItem.objects.create(
            agency=agency, code=content.code.strip(), name=content.name.strip(),
            category=content.category, domain=domain, legal_basis=content.legal_basis,
        )  # fmt: skip
    return _write_version(
        actor=actor, item=item, kind=ChangeKind.ESTABLISH, content=content,
        domain=domains[content.domain_code], reason=reason, effective_on=effective_on,
        approver=approver,
    )  # fmt: skip


@transaction.atomic
def adjust_power_item(
    *, actor: User, item: PowerItem, kind: ChangeKind, reason: str, effective_on: dt.date,
    approver: str, content: PowerContent | None = None,
) -> PowerItemVersion:  # fmt: skip
    """改 (amend), 释 (interpret) or 废 (abolish) an item: a new version either way.

    Without ``content`` the current content is carried over (usual for 废 and 释).
    """
    _require(permissions.can_manage_power_list(actor, item.agency))
    if kind == ChangeKind.ESTABLISH:
        raise ValueError("use establish_power_item")
    item = PowerItem.objects.select_for_update().get(pk=item.pk)
    if not item.is_active:
        raise ValidationError(_("This item has been abolished; establish it again first."))
    current = content_of(item.current_version) if item.current_version else None
    new = content or current
    if new is None:
        raise ValidationError(_("Give the item's content: it has no recorded version yet."))
    if kind == ChangeKind.AMEND and new == current:
        raise ValidationError(_("Nothing has changed: an amendment must change the item."))
    if new.code.strip() != item.code and (
        PowerItem.objects.filter(agency=item.agency, code=new.code.strip()).exists()
    ):
        raise ValidationError({"code": _("The power list already has an item with this code.")})
    domains = _check_adjustment(
        content=new, reason=reason, effective_on=effective_on, approver=approver
    )
    return _write_version(
        actor=actor, item=item, kind=kind, content=new, domain=domains[new.domain_code],
        reason=reason, effective_on=effective_on, approver=approver,
    )  # fmt: skip


def versions_payload(item: PowerItem) -> list[dict[str, Any]]:
    """Every version of an item as plain data (for exports and checks)."""
    return [
        {"number": v.number, "change": v.change_kind, **content_of(v).payload()}
        for v in item.versions.select_related("domain").prefetch_related("discretion_rules")
    ]
