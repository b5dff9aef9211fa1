"""Supervised access (调阅监督, R7): every reading of a case's records is logged, and a
reason is asked for sensitive records and for reading outside one's own cases.

"Own cases" are those one has a part in: one handles it; or it now awaits one's role in
one's agency (the head: filing approval, legal review disputes, the decision; the legal
reviewers: the review); or one has taken a step on it (approved, reviewed, decided…: a
case event in one's name). Anyone else, the agency's head and reviewers included, gives a
reason once per case (and once per sensitive record); it holds for
``RECORDS_ACCESS_REASON_MINUTES`` in the session. Every reading is logged either way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from sanxiang.cases.choices import Procedure, Stage
from sanxiang.cases.models import Act, Case, CaseEvent, Party
from sanxiang.cases.permissions import is_handler
from sanxiang.cases.sections import register_gate
from sanxiang.core.clients import client_address
from sanxiang.core.roles import Role
from sanxiang.records.choices import AccessAction as Action
from sanxiang.records.models import AccessLog

SESSION_KEY = "records_access_reasons"
__all__ = ["Action", "gate", "grant", "needs_reason"]


# The stages at which a case awaits a role of its agency.
AWAITING = {
    Role.HEAD: frozenset({Stage.FILED, Stage.LEGAL_REVIEW, Stage.DECISION}),
    Role.REVIEWER: frozenset({Stage.LEGAL_REVIEW}),
}


def _is_own(user: Any, case: Case) -> bool:
    if is_handler(user, case):
        return True
    if user.agency_id != case.agency_id:
        return False
    if any(user.has_role(role) and case.stage in stages for role, stages in AWAITING.items()):
        return True
    if user.has_role(Role.HEAD) and _filing_is_theirs(user, case):
        return True
    return CaseEvent.objects.filter(case=case, actor_id=user.pk).exists()


def _filing_is_theirs(user: Any, case: Case) -> bool:
    """An on-the-spot decision awaits the head until filed with the agency (备案; 行政处罚法
    第五十二条); recording the filing is the head's step in the case."""
    if case.procedure != Procedure.SUMMARY or case.decided_on is None:
        return False
    return case.summary_filed_on is None or case.summary_filed_by_id == user.pk


def _key(case: Case | None, obj: Any) -> str:
    if getattr(obj, "is_sensitive", False):
        return f"{type(obj).__name__}:{obj.pk}"
    return f"case:{case.pk}" if case is not None else f"party:{obj.pk}"


def needs_reason(user: Any, case: Case | None, obj: Any) -> bool:
    if getattr(obj, "is_sensitive", False):
        return True
    if case is None:  # a party file: one's own only if one handles every case in it
        cases = list(obj.cases.all())
        return not cases or not all(_is_own(user, c) for c in cases)
    return not _is_own(user, case)


def _reasons(request: Any) -> dict[str, dict[str, str]]:
    return dict(request.session.get(SESSION_KEY, {}))


def given_reason(request: Any, case: Case | None, obj: Any) -> str | None:
    held = _reasons(request).get(_key(case, obj))
    if not held or dt.datetime.fromisoformat(held["until"]) < timezone.now():
        return None
    return held["reason"]


def grant(request: Any, key: str, reason: str) -> None:
    """Remember the reader's reason for a case (or a sensitive record) for a while."""
    until = timezone.now() + dt.timedelta(minutes=settings.RECORDS_ACCESS_REASON_MINUTES)
    reasons = _reasons(request)
    reasons[key] = {"reason": reason.strip(), "until": until.isoformat()}
    request.session[SESSION_KEY] = reasons


def describe(obj: Any) -> str:
    if isinstance(obj, Case):
        return f"案件 {obj.number}"
    if isinstance(obj, Act):
        return f"执法行为 {obj.get_kind_display()} {obj.started_at:%Y-%m-%d}"
    if isinstance(obj, Party):
        return f"当事人档案 {obj.name}"
    label = getattr(obj._meta, "verbose_name", type(obj).__name__)
    return f"{label} {obj}"[:300]


def log(request: Any, case: Case | None, obj: Any, action: str, reason: str = "") -> AccessLog:
    return AccessLog.objects.create(
        case=case, user=request.user, at=timezone.now(), action=action, what=describe(obj),
        object_kind=type(obj).__name__.lower(), object_id=obj.pk, address=client_address(request),
        reason=reason,
    )  # fmt: skip


def reason_url(request: Any, case: Case | None, obj: Any) -> str:
    query = urlencode({"next": request.get_full_path(), "what": _key(case, obj)})
    if case is None:
        return reverse("workbench:party-access", args=[obj.pk]) + "?" + query
    return reverse("workbench:case-access", args=[case.pk]) + "?" + query


def gate(request: Any, case: Case | None, obj: Any, *, action: str = Action.VIEW) -> Any:
    """Ask for the reason if one is needed and not yet given; else log the reading."""
    reason = ""
    if needs_reason(request.user, case, obj):
        held = given_reason(request, case, obj)
        if held is None:
            return HttpResponseRedirect(reason_url(request, case, obj))
        reason = held
    # A player fetches a video in many ranges: the first one counts as the reading.
    if request.headers.get("Range", "bytes=0-") in ("bytes=0-", ""):
        log(request, case, obj, action, reason)
    return None


@register_gate
def case_page_gate(request: Any, case: Case | None, obj: Any) -> HttpResponse | None:
    response: HttpResponse | None = gate(request, case, obj)
    return response
