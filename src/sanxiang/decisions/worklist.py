"""Work items from decisions: cases ready for the head to decide, decisions to serve."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from sanxiang.cases.choices import Stage
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
