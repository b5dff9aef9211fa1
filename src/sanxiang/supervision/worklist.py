"""Open warnings on the workbench home of supervisors, heads and administrators."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.core import worklist
from sanxiang.supervision import permissions, selectors
from sanxiang.supervision.annual.services import due_date
from sanxiang.supervision.choices import WarningLevel
from sanxiang.supervision.models import AnnualReport

LIMIT = 50


@worklist.register
def open_warnings(user: Any) -> Iterable[worklist.WorkItem]:
    warnings = selectors.open_warnings_visible_to(user=user).order_by("-level", "due_on")[:LIMIT]
    return [
        worklist.WorkItem(
            title=_("Warning: %(title)s") % {"title": w.title},
            url=reverse("workbench:warning", kwargs={"warning_id": w.pk}),
            urgency=worklist.Urgency.OVERDUE
            if w.level == WarningLevel.RED
            else worklist.Urgency.DUE_SOON,
            due_on=w.due_on,
            basis=w.details.splitlines()[0] if w.details else "",
        )
        for w in warnings
    ]


@worklist.register
def annual_report_due(user: Any) -> Iterable[worklist.WorkItem]:
    """From 1 January, the report on last year, until it is published (plan P9)."""
    if not user.is_authenticated or user.agency is None:
        return []
    if not permissions.can_prepare_report(user, user.agency_id) or user.is_superuser:
        return []
    today = timezone.localdate()
    year = today.year - 1
    report = AnnualReport.objects.filter(agency_id=user.agency_id, year=year).first()
    if report is not None and report.is_published:
        return []
    due = due_date(user.agency, year)
    url = (
        reverse("workbench:report", kwargs={"report_id": report.pk})
        if report
        else reverse("workbench:reports")
    )
    return [
        worklist.WorkItem(
            title=_("Publish the annual enforcement statistics report for %(year)s")
            % {"year": year},
            url=url,
            urgency=worklist.Urgency.OVERDUE if today > due else worklist.Urgency.DUE_SOON,
            due_on=due,
            basis=_("The plan's date; the national rule is 31 January."),
        )
    ]
