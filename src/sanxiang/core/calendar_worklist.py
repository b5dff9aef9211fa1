"""Work items from the calendar: tell the administrators to enter the holiday notice.

The State Council publishes next year's arrangements in October to December; from
1 October the administrators are asked to enter it as soon as it appears. A year that has
begun with no notice is overdue: its deadlines are only provisional until it is entered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.core import holidays, worklist
from sanxiang.core.services import can_manage_calendar

LAST_QUARTER_STARTS = 10  # October
BASIS = "国务院办公厅关于部分节假日安排的通知"


@worklist.register
def holiday_notice_due(user: Any) -> Iterable[worklist.WorkItem]:
    return holiday_notice_items(user, today=timezone.localdate())


def holiday_notice_items(user: Any, *, today: dt.date) -> list[worklist.WorkItem]:
    if not can_manage_calendar(user):
        return []
    url = reverse("admin:core_holidaynotice_add")
    items = []
    if not holidays.has_data(today.year):
        items.append(_item(today.year, url, worklist.Urgency.OVERDUE, due_on=today))
    next_year = today.year + 1
    if today.month >= LAST_QUARTER_STARTS and not holidays.has_data(next_year):
        items.append(
            _item(next_year, url, worklist.Urgency.DUE_SOON, due_on=dt.date(next_year, 1, 1))
        )
    return items


def _item(year: int, url: str, urgency: worklist.Urgency, *, due_on: dt.date) -> worklist.WorkItem:
    title = _(
        "Enter the State Council General Office notice on the %(year)d holiday arrangements: "
        "until then, deadlines reaching into %(year)d are provisional"
    ) % {"year": year}
    return worklist.WorkItem(title=title, url=url, urgency=urgency, due_on=due_on, basis=BASIS)
