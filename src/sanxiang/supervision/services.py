"""Writes of supervision: refreshing warnings from the rules, and handling them (督办)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.ledger.services import append
from sanxiang.supervision import permissions
from sanxiang.supervision.choices import EventKind, WarningLevel, WarningStatus
from sanxiang.supervision.models import Warning, WarningEvent
from sanxiang.supervision.rules import Finding, findings


def _event(warning: Warning, kind: EventKind, actor: Any = None, note: str = "") -> None:
    WarningEvent.objects.create(warning=warning, kind=kind, actor=actor, note=note)


def _raise(finding: Finding, now: dt.datetime) -> Warning:
    warning = Warning.objects.create(
        key=finding.key, agency_id=finding.agency_id, kind=finding.kind, level=finding.level,
        title=finding.title, details=finding.details, url=finding.url, due_on=finding.due_on,
        last_seen_at=now,
    )  # fmt: skip
    _event(warning, EventKind.RAISED)
    return warning


def _update(warning: Warning, finding: Finding, now: dt.datetime) -> None:
    escalated = finding.level == WarningLevel.RED and warning.level == WarningLevel.YELLOW
    if escalated:
        _event(warning, EventKind.ESCALATED)
    # A warning the agency resolved stays resolved while its condition holds, unless it
    # turns red; one that cleared by itself and comes back is reopened.
    if not warning.is_active or (escalated and warning.status == WarningStatus.RESOLVED):
        _event(warning, EventKind.REOPENED)
        warning.status = WarningStatus.OPEN
        warning.resolved_at = None
    warning.level, warning.title, warning.details = finding.level, finding.title, finding.details
    warning.url, warning.due_on, warning.is_active = finding.url, finding.due_on, True
    warning.last_seen_at = now
    warning.save()


@transaction.atomic
def refresh_warnings(*, today: dt.date | None = None) -> dict[str, int]:
    """Raise, update and clear warnings from today's findings (idempotent; run by tick)."""
    now = timezone.now()
    current = {f.key: f for f in findings(today or timezone.localdate())}
    existing = {w.key: w for w in Warning.objects.select_for_update().filter(key__in=current)}
    counts = {"raised": 0, "kept": 0, "cleared": 0}
    for key, finding in current.items():
        if key in existing:
            _update(existing[key], finding, now)
            counts["kept"] += 1
        else:
            _raise(finding, now)
            counts["raised"] += 1
    gone = Warning.objects.filter(is_active=True).exclude(key__in=current.keys())
    for warning in gone:
        warning.is_active = False
        warning.status = WarningStatus.RESOLVED
        warning.resolved_at = now
        warning.save(update_fields=["is_active", "status", "resolved_at"])
        _event(warning, EventKind.CLEARED)
        counts["cleared"] += 1
    return counts


def _note(note: str, *, required: bool) -> str:
    note = note.strip()
    if required and not note:
        raise ValidationError({"note": _("Say what was done or what must be done.")})
    return note


@transaction.atomic
def acknowledge_warning(*, actor: Any, warning: Warning, note: str = "") -> Warning:
    if not permissions.can_handle(actor, warning):
        raise PermissionDenied(_("Only the agency's head or administrator handles its warnings."))
    if warning.status != WarningStatus.OPEN:
        raise ValidationError(_("Only an open warning can be acknowledged."))
    warning.status = WarningStatus.ACKNOWLEDGED
    warning.save(update_fields=["status"])
    _event(warning, EventKind.ACKNOWLEDGED, actor, _note(note, required=False))
    return warning


@transaction.atomic
def resolve_warning(*, actor: Any, warning: Warning, note: str) -> Warning:
    if not permissions.can_handle(actor, warning):
        raise PermissionDenied(_("Only the agency's head or administrator handles its warnings."))
    if warning.status == WarningStatus.RESOLVED:
        raise ValidationError(_("This warning is already resolved."))
    note = _note(note, required=True)
    warning.status = WarningStatus.RESOLVED
    warning.resolved_at = timezone.now()
    warning.save(update_fields=["status", "resolved_at"])
    _event(warning, EventKind.RESOLVED, actor, note)
    append(
        kind="supervision.warning_resolved",
        payload={"warning": warning.key, "title": warning.title, "note": note},
        actor=actor,
        subject=f"supervision.warning:{warning.pk}",
    )
    return warning


@transaction.atomic
def urge_warning(*, actor: Any, warning: Warning, note: str) -> Warning:
    """督办: the supervisor presses the agency, with an instruction; the trail keeps it."""
    if not permissions.can_urge(actor, warning):
        raise PermissionDenied(_("Only a supervisor can urge an agency on a warning."))
    if warning.status == WarningStatus.RESOLVED:
        raise ValidationError(_("This warning is already resolved."))
    note = _note(note, required=True)
    _event(warning, EventKind.URGED, actor, note)
    append(
        kind="supervision.warning_urged",
        payload={"warning": warning.key, "title": warning.title, "note": note},
        actor=actor,
        subject=f"supervision.warning:{warning.pk}",
    )
    return warning
