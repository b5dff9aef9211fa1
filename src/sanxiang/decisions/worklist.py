"""Work items from decisions: cases ready for the head to decide, decisions to serve."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.cases.choices import Procedure, Stage
from sanxiang.cases.deadlines import DUE_SOON_DAYS, summary_filing_deadline
from sanxiang.cases.models import Case
from sanxiang.core import worklist
from sanxiang.core.roles import Role
from sanxiang.decisions.deadlines import answer_deadline
from sanxiang.decisions.models import Decision, Remedy


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
    items.extend(_answers_of_closed_cases(user))
    return items


def _answers_of_closed_cases(user: Any) -> list[worklist.WorkItem]:
    """Answers to a challenge of a decision whose case is closed or archived (the open cases'
    deadlines come with the case's own: cases.worklist)."""
    if not (user.has_role(Role.HEAD) or user.has_role(Role.OFFICER)):
        return []
    remedies = Remedy.objects.filter(
        decision__agency_id=user.agency_id, decision__case__stage__in=[Stage.CLOSED, Stage.ARCHIVED],
        outcome="", answered_on__isnull=True, copy_received_on__isnull=False,
    ).select_related("decision")  # fmt: skip
    if not user.has_role(Role.HEAD):
        remedies = remedies.filter(decision__case__case_officers__officer__user_id=user.pk)
    today = timezone.localdate()
    items = []
    for remedy in remedies.distinct()[:100]:
        due = answer_deadline(remedy)
        if due is None:
            continue
        days = (due.due - today).days
        urgency = (
            worklist.Urgency.OVERDUE if days < 0
            else worklist.Urgency.DUE_SOON if days <= DUE_SOON_DAYS else worklist.Urgency.NORMAL
        )  # fmt: skip
        items.append(worklist.WorkItem(
            title=_("Answer the challenge of %(n)s (%(body)s)") % {
                "n": remedy.decision.number, "body": remedy.body},
            url=remedy.decision.get_absolute_url(), urgency=urgency, due_on=due.due,
            basis=due.basis,
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
