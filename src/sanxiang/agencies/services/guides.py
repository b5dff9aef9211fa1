"""Writes of service guides (服务指南) and window boards (岗位信息公示牌) from the workbench.

Each save takes the validated form and its row formsets and writes them in one transaction
with a ledger entry of what the public now reads: all or nothing."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import BaseInlineFormSet, ModelForm
from django.utils.translation import gettext as _

from sanxiang.agencies import permissions
from sanxiang.agencies.models import Agency, ServiceGuide, ServiceWindow, User
from sanxiang.ledger import services as ledger

GUIDE_KIND = "agencies.guide.saved"
WINDOW_KIND = "agencies.window.saved"


def _require(actor: User, agency: Agency) -> None:
    if not permissions.can_manage_power_list(actor, agency):
        raise PermissionDenied(
            _("Only the agency's system administrator may edit its guides and windows.")
        )


def _save_rows(formset: BaseInlineFormSet, parent: Any) -> None:
    """Rows in their shown order (order 10, 20, …); deleted and empty rows dropped."""
    formset.instance = parent
    for form in formset.deleted_forms:
        if form.instance.pk:
            form.instance.delete()
    order = 0
    for form in formset.forms:
        if form in formset.deleted_forms or (not form.has_changed() and not form.instance.pk):
            continue
        row = form.save(commit=False)
        setattr(row, formset.fk.name, parent)
        order += 10
        row.order = order
        row.save()


def _digest(payload: dict[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()


def guide_payload(guide: ServiceGuide) -> dict[str, Any]:
    return {
        "code": guide.code, "name": guide.name, "accepting_body": guide.accepting_body,
        "conditions": guide.conditions, "time_limit": guide.time_limit, "fees": guide.fees,
        "channels": guide.channels, "published": guide.is_published,
        "materials": [
            {"name": m.name, "form": m.form, "required": m.required,
             "sample": m.sample_form.name if m.sample_form else ""}
            for m in guide.materials.all()
        ],
        "stages": [
            {"name": s.name, "days": s.time_limit_days, "basis": s.time_basis}
            for s in guide.stages.all()
        ],
    }  # fmt: skip


@transaction.atomic
def save_guide(
    *, actor: User, agency: Agency, form: ModelForm, materials: BaseInlineFormSet,
    stages: BaseInlineFormSet,
) -> ServiceGuide:  # fmt: skip
    """Create or edit a guide with its materials and procedure steps (the flowchart's)."""
    _require(actor, agency)
    for part in (form, materials, stages):
        if not part.is_valid():
            raise ValidationError(_("Correct the problems shown and save again."))
    guide = form.save(commit=False)
    if guide.pk and guide.agency_id != agency.pk:
        raise PermissionDenied
    guide.agency = agency
    guide.save()
    form.save_m2m()
    _save_rows(materials, guide)
    _save_rows(stages, guide)
    payload = guide_payload(guide)
    ledger.append(
        kind=GUIDE_KIND, actor=actor, subject=f"guide:{agency.code}:{guide.code}",
        payload={"agency": agency.code, "content_sha256": _digest(payload), **payload},
    )  # fmt: skip
    return guide


def window_payload(window: ServiceWindow) -> dict[str, Any]:
    return {
        "code": window.code, "name": window.name, "location": window.location,
        "hours": window.hours, "duties": window.duties,
        "guides": sorted(g.code for g in window.guides.all()),
        "consultation_phone": window.consultation_phone,
        "complaint_phone": window.complaint_phone, "published": window.is_published,
        "posts": [
            {"post": p.post, "officer": p.officer.name, "duties": p.duties}
            for p in window.posts.select_related("officer")
        ],
    }  # fmt: skip


@transaction.atomic
def save_window(
    *, actor: User, agency: Agency, form: ModelForm, posts: BaseInlineFormSet
) -> ServiceWindow:
    """Create or edit a window board with its posts and staff."""
    _require(actor, agency)
    for part in (form, posts):
        if not part.is_valid():
            raise ValidationError(_("Correct the problems shown and save again."))
    window = form.save(commit=False)
    if window.pk and window.agency_id != agency.pk:
        raise PermissionDenied
    window.agency = agency
    window.save()
    form.save_m2m()
    _save_rows(posts, window)
    payload = window_payload(window)
    ledger.append(
        kind=WINDOW_KIND, actor=actor, subject=f"window:{agency.code}:{window.code}",
        payload={"agency": agency.code, "content_sha256": _digest(payload), **payload},
    )  # fmt: skip
    return window
