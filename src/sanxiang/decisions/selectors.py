"""Reads of decisions, through the cases' visibility rule; the publicity app's entry points."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sanxiang.agencies.choices import PowerCategory
from sanxiang.cases.selectors import cases_visible_to
from sanxiang.core import calendar
from sanxiang.decisions.choices import DecisionStatus
from sanxiang.decisions.models import Decision, DecisionChange

# 实施方案 二(一)3(2): licences and penalties within 7 working days, others within 20.
PUBLISH_WORKING_DAYS = {PowerCategory.LICENSING: 7, PowerCategory.PENALTY: 7}
PUBLISH_OTHER_WORKING_DAYS = 20


def decisions_visible_to(*, user: Any) -> QuerySet[Decision]:
    return Decision.objects.filter(case__in=cases_visible_to(user=user)).select_related(
        "case", "agency", "decided_by", "review"
    )


def get_decision_for_user(*, user: Any, decision_id: int) -> Decision:
    try:
        return decisions_visible_to(user=user).get(pk=decision_id)
    except Decision.DoesNotExist as exc:
        raise Http404 from exc


def decisions_in_force(*, agency_id: int | None = None) -> QuerySet[Decision]:
    """Decisions to publish (the publicity app filters out those it has published)."""
    found = Decision.objects.filter(status=DecisionStatus.IN_FORCE).select_related(
        "case", "agency", "review"
    )
    return found if agency_id is None else found.filter(agency_id=agency_id)


def changes_since(*, since: dt.datetime) -> QuerySet[DecisionChange]:
    """Decisions revoked, confirmed illegal, changed, void or to be remade: withdraw them
    (行政处罚法 第四十八条: within 3 working days)."""
    return DecisionChange.objects.filter(recorded_at__gte=since).select_related("decision")


def publication_due(decision: Decision) -> calendar.Deadline:
    days = PUBLISH_WORKING_DAYS.get(PowerCategory(decision.category), PUBLISH_OTHER_WORKING_DAYS)
    return calendar.working_day_deadline(decision.decided_on, days, basis="实施方案 二(一)3(2)")
