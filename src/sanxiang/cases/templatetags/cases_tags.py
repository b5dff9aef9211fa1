"""Template helpers of the case pages."""

from __future__ import annotations

import datetime as dt

from django import template

from sanxiang.cases.deadlines import CaseDeadline

register = template.Library()


@register.filter
def urgency_of(due: CaseDeadline, today: dt.date) -> str:
    return str(due.urgency(today).value)
