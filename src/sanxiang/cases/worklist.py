"""Work items from cases: for each case a user handles (or heads), what is due next."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.choices import PowerCategory
from sanxiang.cases import rulebook
from sanxiang.cases.choices import RulesFlag, Stage
from sanxiang.cases.deadlines import deadlines_for
from sanxiang.cases.selectors import register_rows
from sanxiang.core import worklist
from sanxiang.core.roles import Role

OPEN_STAGES = [s for s in Stage if s not in (Stage.CLOSED, Stage.ARCHIVED)]


@worklist.register
def case_deadlines(user: Any) -> Iterable[worklist.WorkItem]:
    if not user.is_authenticated or user.agency_id is None:
        return []
    cases = register_rows(user=user).filter(agency_id=user.agency_id, stage__in=OPEN_STAGES)
    if user.has_role(Role.HEAD):
        cases = cases.filter(stage=Stage.DECISION) | cases.filter(
            case_officers__officer__user_id=user.pk
        )
    elif user.has_role(Role.OFFICER):
        cases = cases.filter(case_officers__officer__user_id=user.pk)
    else:
        return []
    today = timezone.localdate()
    items = []
    for case in cases.distinct()[:200]:
        for due in deadlines_for(case)[:1]:
            title = _("%(number)s: %(purpose)s") % {"number": case.number, "purpose": due.purpose}
            if due.deadline.provisional:
                title += _(" (provisional)")
            items.append(
                worklist.WorkItem(
                    title=title,
                    url=case.get_absolute_url(),
                    urgency=due.urgency(today),
                    due_on=due.due,
                    basis=due.deadline.basis,
                )
            )
    return items


# Where the head completes each flag, and the rule it serves.
FLAG_PAGES = {
    RulesFlag.VIOLATION_DATE_MISSING: ("workbench:case-violation", rulebook.LIMITATION),
    RulesFlag.EXTENSION_BASIS_MISSING: ("workbench:case-extension-basis", rulebook.DECISION_PERIOD),
}


@worklist.register
def cases_to_complete(user: Any) -> Iterable[worklist.WorkItem]:
    """The head's list of open penalty cases filed before the rules that lack what the rules
    need (需补录违法行为发生日期): never passed silently."""
    if not user.is_authenticated or user.agency_id is None or not user.has_role(Role.HEAD):
        return []
    cases = (
        register_rows(user=user)
        .filter(agency_id=user.agency_id, stage__in=OPEN_STAGES, category=PowerCategory.PENALTY)
        .exclude(migrated=True)
    )
    items = []
    for case in cases.exclude(rules_flags=[])[:200]:
        for flag in case.rules_flags:
            if flag in RulesFlag.values:
                items.append(worklist.WorkItem(
                    title=_("%(number)s: %(purpose)s")
                    % {"number": case.number, "purpose": RulesFlag(flag).label},
                    url=reverse(FLAG_PAGES[flag][0], kwargs={"case_id": case.pk}),
                    urgency=worklist.Urgency.DUE_SOON, basis=FLAG_PAGES[flag][1].citation,
                ))  # fmt: skip
    return items
