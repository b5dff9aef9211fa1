"""Work items from decisions: cases ready for the head to decide, decisions to serve."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.cases.choices import Procedure, Stage
from sanxiang.cases.deadlines import summary_filing_deadline
from sanxiang.cases.models import Case
from sanxiang.core import worklist
from sanxiang.core.roles import Role
from sanxiang.decisions.models import Decision


@worklist.register
def decision_work(user: Any) -> Iterable[worklist.WorkItem]:
    if not user.is_authenticated or user.agency_id is None:
        return []
    items: list[worklist.WorkItem] = []
    if user.has_role(Role.HEAD):
        for case in Case.objects.filter(agency_id=user.agency_id, stage=Stage.DECISION)[:100]:
            items.append(worklist.WorkItem(
                title=_("Decide %(case)s") % {"case": case.number},
                url=reverse("workbench:decision-new", kwargs={"case_id": case.pk}),
            ))  # fmt: skip
    if user.has_role(Role.OFFICER):
        items += _on_the_spot(user)
    if user.has_role(Role.HEAD):
        items += _filings(user)
    if user.has_role(Role.OFFICER):
        to_serve = Decision.objects.filter(
            case__stage=Stage.SERVICE, case__case_officers__officer__user_id=user.pk
        ).distinct()[:100]
        for decision in to_serve:
            items.append(worklist.WorkItem(
                title=_("Serve decision %(n)s") % {"n": decision.number},
                url=decision.get_absolute_url(), urgency=worklist.Urgency.DUE_SOON,
                basis="行政处罚法 第六十一条",
            ))  # fmt: skip
    return items


def _on_the_spot(user: Any) -> list[worklist.WorkItem]:
    """行政处罚法 第五十二条: the handling officers decide summary cases on the spot."""
    cases = Case.objects.filter(
        agency_id=user.agency_id, stage=Stage.DECISION, procedure=Procedure.SUMMARY,
        case_officers__officer__user_id=user.pk,
    ).distinct()[:100]  # fmt: skip
    return [
        worklist.WorkItem(
            title=_("Decide %(case)s on the spot") % {"case": case.number},
            url=reverse("workbench:decision-new", kwargs={"case_id": case.pk}),
            basis="行政处罚法 第五十二条",
        )
        for case in cases
    ]


def _filings(user: Any) -> list[worklist.WorkItem]:
    """On-the-spot decisions still to be filed with the agency (备案; 第五十二条)."""
    today = timezone.localdate()
    decisions = Decision.objects.filter(
        agency_id=user.agency_id, case__procedure=Procedure.SUMMARY,
        case__summary_filed_on__isnull=True, case__migrated=False,
    ).select_related("case")[:100]  # fmt: skip
    items = []
    for decision in decisions:
        due = summary_filing_deadline(decision.case)
        if due is None:
            continue
        items.append(worklist.WorkItem(
            title=_("File on-the-spot decision %(n)s with the agency") % {"n": decision.number},
            url=decision.get_absolute_url(), urgency=due.urgency(today), due_on=due.due,
            basis=due.deadline.basis,
        ))  # fmt: skip
    return items
