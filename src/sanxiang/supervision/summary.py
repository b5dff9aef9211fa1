"""The dashboards' monthly summary table (``CaseMonth``): refreshed by ``sanxiang tick``.

Grouping a year of 200,000 cases by month or category costs ≈ 250 ms on two cores; the
dashboards read whole past months from this table instead (a few hundred rows) and only the
months since the last refresh — the current one, normally — live from the cases. The live
queries in ``dashboards`` stay the reference: a test proves both give the same figures.
A case whose dates change in a past month shows there from the next refresh on (daily).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from sanxiang.cases.models import Case
from sanxiang.decisions.choices import LicensingOutcome
from sanxiang.decisions.models import Decision
from sanxiang.supervision.models import CaseMonth, SummaryState

DECISION_DAYS = 90  # 行政处罚法 第六十条


def _key(row: dict) -> tuple[int, dt.date, str]:
    month = row["month"]
    month = month.date() if isinstance(month, dt.datetime) else month
    return row["agency_id"], month, row["category"]


def _rows(cut: dt.date) -> Iterator[CaseMonth]:
    rows: dict[tuple[int, dt.date, str], CaseMonth] = {}

    def row(key: tuple[int, dt.date, str]) -> CaseMonth:
        if key not in rows:
            rows[key] = CaseMonth(agency_id=key[0], month=key[1], category=key[2])
        return rows[key]

    filed = (
        Case.objects.filter(filed_on__lt=cut)
        .annotate(month=TruncMonth("filed_on"))
        .values("agency_id", "month", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for r in filed:
        row(_key(r)).filed = r["n"]
    limit = dt.timedelta(days=DECISION_DAYS)
    decided = (
        Case.objects.filter(decided_on__lt=cut)
        .annotate(month=TruncMonth("decided_on"))
        .values("agency_id", "month", "category")
        .annotate(
            met=Count("pk", filter=Q(decided_on__lte=F("filed_on") + limit)),
            late=Count("pk", filter=Q(decided_on__gt=F("filed_on") + limit)),
        )
        .order_by()
    )
    for r in decided:
        item = row(_key(r))
        item.decided_in_time, item.decided_late = r["met"], r["late"]
    amounts = (
        Decision.objects.filter(decided_on__lt=cut)
        .annotate(month=TruncMonth("decided_on"))
        .values("agency_id", "month", "category")
        .annotate(
            fines=Sum("fine_amount"),
            confiscations=Sum("confiscation_amount"),
            granted=Count("pk", filter=Q(licensing_outcome=LicensingOutcome.GRANTED)),
            refused=Count("pk", filter=Q(licensing_outcome=LicensingOutcome.REFUSED)),
        )
        .order_by()
    )
    for r in amounts:
        item = row(_key(r))
        item.fines = r["fines"] or Decimal(0)
        item.confiscations = r["confiscations"] or Decimal(0)
        item.licences_granted, item.licences_refused = r["granted"], r["refused"]
    yield from rows.values()


def refresh(today: dt.date | None = None) -> int:
    """Recompute the summary for every whole month before ``today``'s; returns the rows."""
    start = time.perf_counter()
    cut = (today or timezone.localdate()).replace(day=1)
    with transaction.atomic():
        CaseMonth.objects.all().delete()
        count = len(CaseMonth.objects.bulk_create(_rows(cut), batch_size=2000))
        SummaryState.objects.all().delete()
        SummaryState.objects.create(
            pk=1, complete_before=cut, refreshed_at=timezone.now(),
            seconds=time.perf_counter() - start,
        )  # fmt: skip
    return count


@dataclass(frozen=True)
class Plan:
    """How a period is read: whole months from the summary, the rest live."""

    summary: tuple[dt.date, dt.date] | None  # [first month, stop month) in CaseMonth.month
    live: tuple[tuple[dt.date, dt.date], ...]  # inclusive day ranges read from the cases


def plan(start: dt.date, end: dt.date) -> Plan:
    state = SummaryState.objects.filter(pk=1).values_list("complete_before", flat=True).first()
    first = (
        start if start.day == 1 else (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    )
    stop = (end + dt.timedelta(days=1)).replace(day=1)
    if state is not None:
        stop = min(stop, state)
    if state is None or first >= stop:
        return Plan(None, ((start, end),))
    live = []
    if start < first:
        live.append((start, first - dt.timedelta(days=1)))
    if stop <= end:
        live.append((stop, end))
    return Plan((first, stop), tuple(live))
