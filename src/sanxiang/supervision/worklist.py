"""Open warnings on the workbench home of supervisors, heads and administrators."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.core import worklist
from sanxiang.supervision import permissions, selectors
from sanxiang.supervision.annual.services import due_date
from sanxiang.supervision.choices import WarningKind, WarningLevel
from sanxiang.supervision.models import AnnualReport

LIMIT = 50
# Warnings about a date (a case's time limit, a credential's expiry) are listed one by one;
# the others (patterns, missing recordings…) are grouped by kind past this many, so the home
# page stays a list of things to do rather than a report.
DATED_KINDS = {WarningKind.CASE_DEADLINE, WarningKind.CREDENTIAL_EXPIRING}
GROUP_FROM = 4


def _item(w: Any) -> worklist.WorkItem:
    return worklist.WorkItem(
        title=_("Warning: %(title)s") % {"title": w.title},
        url=reverse("workbench:warning", kwargs={"warning_id": w.pk}),
        urgency=_urgency(w.level),
        due_on=w.due_on,
        basis=w.details.splitlines()[0] if w.details else "",
    )


def _urgency(level: str) -> worklist.Urgency:
    return worklist.Urgency.OVERDUE if level == WarningLevel.RED else worklist.Urgency.DUE_SOON


@worklist.register
def open_warnings(user: Any) -> Iterable[worklist.WorkItem]:
    warnings = list(
        selectors.open_warnings_visible_to(user=user).order_by("-level", "due_on")[:LIMIT]
    )
    by_kind: dict[str, list[Any]] = defaultdict(list)
    for w in warnings:
        by_kind[w.kind].append(w)
    items: list[worklist.WorkItem] = []
    for kind, group in by_kind.items():
        if kind in DATED_KINDS or len(group) < GROUP_FROM:
            items += [_item(w) for w in group]
            continue
        items.append(
            worklist.WorkItem(
                title=_("%(count)d warnings: %(kind)s")
                % {"count": len(group), "kind": WarningKind(kind).label},
                url=reverse("workbench:warnings")
                + "?"
                + urlencode({"kind": kind, "status": "unresolved"}),
                urgency=_urgency(
                    WarningLevel.RED
                    if any(w.level == WarningLevel.RED for w in group)
                    else WarningLevel.YELLOW
                ),
            )
        )
    return items


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
