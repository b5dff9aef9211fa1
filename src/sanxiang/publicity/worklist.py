"""Work items of publicity: publications due or overdue, withdrawals owed; and the tick job
that creates drafts and withdraws publications of decisions no longer in force."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.core import calendar, tick, worklist
from sanxiang.core.roles import Role
from sanxiang.publicity import selectors, services
from sanxiang.publicity.choices import PublicationStatus
from sanxiang.publicity.constants import DUE_SOON_WORKING_DAYS

BASIS = "国办发〔2018〕118号"


def _urgency(due: Any) -> worklist.Urgency:
    today = timezone.localdate()
    if due < today:
        return worklist.Urgency.OVERDUE
    try:
        soon = calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
    except calendar.CalendarDataMissing:
        soon = today
    return worklist.Urgency.DUE_SOON if due <= soon else worklist.Urgency.NORMAL


@worklist.register
def publication_work(user: Any) -> Iterable[worklist.WorkItem]:
    if not user.is_authenticated or not (
        user.has_role(Role.PUBLISHER) or user.has_role(Role.SUPERVISOR)
    ):
        return []
    drafts = selectors.publications_visible_to(user=user).filter(status=PublicationStatus.DRAFT)
    return [
        worklist.WorkItem(
            title=_("Publish decision %(n)s") % {"n": p.number},
            url=reverse("workbench:publication", kwargs={"publication_id": p.pk}),
            urgency=_urgency(p.due_on),
            due_on=p.due_on,
            basis=BASIS,
        )
        for p in drafts.order_by("due_on")[:200]
    ]


@tick.register("publicity")
def publicity_tick() -> str:
    """Draft publications of new decisions; withdraw those of decisions revoked or re-made."""
    created = services.create_missing_drafts()
    withdrawn = services.withdraw_changed_decisions()
    return f"{created} publication drafts, {withdrawn} withdrawals"
