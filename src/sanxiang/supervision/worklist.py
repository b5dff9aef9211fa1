"""Open warnings on the workbench home of supervisors, heads and administrators."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from sanxiang.core import worklist
from sanxiang.supervision import selectors
from sanxiang.supervision.choices import WarningLevel

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
