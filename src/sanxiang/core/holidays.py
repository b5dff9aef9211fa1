"""The State Council notices as the calendar sees them: one year's days off and make-up days.

A year is *covered* once a notice for that year is entered. Its days are read in one query
and kept in process memory; ``invalidate()`` is called by the services that change notices
(and the cache also expires after ``CACHE_SECONDS``, so that other server processes pick
up an edit made in one of them).

Where two notices set the same day, the later publication wins: an amending notice
(2019's Labour Day change, 2020's Spring Festival extension) supersedes only the days it
names, and the rest of the original arrangement stands.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from sanxiang.core.choices import DayKind
from sanxiang.core.models import CalendarDay, HolidayNotice

CACHE_SECONDS = 60.0


@dataclass(frozen=True)
class YearDays:
    """What the notices say about one calendar year."""

    year: int
    covered: bool  # a notice for this year has been entered
    rest: frozenset[dt.date] = frozenset()  # days off, weekdays or not (放假)
    work: frozenset[dt.date] = frozenset()  # weekend days worked (调休上班)
    notices: tuple[str, ...] = ()  # document numbers of the notices that set these days

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.work:
            return True
        if day in self.rest:
            return False
        return day.weekday() < 5


@dataclass(frozen=True)
class ListedDay:
    """A day as one notice sets it, and the later notice that changed it, if any."""

    day: CalendarDay
    superseded_by: str = ""


@dataclass(frozen=True)
class NoticeListing:
    """A notice with the days it sets in the year listed."""

    notice: HolidayNotice
    days: list[ListedDay] = field(default_factory=list)


_cache: dict[int, tuple[float, YearDays]] = {}


def invalidate() -> None:
    """Forget every cached year (called by the services after a notice changes)."""
    _cache.clear()


def year_days(year: int) -> YearDays:
    """The days set for ``year``: at most one query per year while the cache holds."""
    now = time.monotonic()
    cached = _cache.get(year)
    if cached is not None and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    days = _load(year)
    _cache[year] = (now, days)
    return days


def has_data(year: int) -> bool:
    return year_days(year).covered


def _load(year: int) -> YearDays:
    # One query: the year's own notices with all their days (LEFT JOIN, so a notice with no
    # days yet still counts), plus other notices' days falling in the year — e.g. the 2019
    # notice made 2018-12-29 a working day.
    rows = (
        HolidayNotice.objects.filter(Q(year=year) | Q(days__date__year=year))
        .order_by("published_on", "id", "days__date")
        .values_list("year", "document_number", "days__date", "days__kind")
    )
    covered = False
    notices: list[str] = []
    kinds: dict[dt.date, str] = {}
    for notice_year, number, day, kind in rows:
        covered = covered or notice_year == year
        if day is None or day.year != year:
            continue
        if number not in notices:
            notices.append(number)
        kinds[day] = kind  # ordered by publication: a later notice overrides
    return YearDays(
        year=year,
        covered=covered,
        rest=frozenset(d for d, k in kinds.items() if k == DayKind.REST),
        work=frozenset(d for d, k in kinds.items() if k == DayKind.WORK),
        notices=tuple(notices),
    )


def notices_for_year(year: int) -> list[NoticeListing]:
    """Every notice that sets a day in ``year``, oldest first, with the days it sets there.

    The year's own notices show all their days (the 2019 notice's days of December 2018
    included); a notice of another year shows only its days in ``year``.
    """
    notices = list(
        HolidayNotice.objects.filter(Q(year=year) | Q(days__date__year=year))
        .distinct()
        .select_related("amends")
        .order_by("published_on", "id")
    )
    days = CalendarDay.objects.filter(notice__in=notices).order_by("date")
    by_notice: dict[int, list[CalendarDay]] = {n.pk: [] for n in notices}
    for day in days:
        by_notice[day.notice_id].append(day)
    latest = _latest_setter(notices, by_notice)
    return [
        NoticeListing(
            notice=n,
            days=[
                ListedDay(day=d, superseded_by=_superseder(latest, d, n))
                for d in by_notice[n.pk]
                if n.year == year or d.date.year == year
            ],
        )
        for n in notices
    ]


def _latest_setter(
    notices: Iterable[HolidayNotice], by_notice: dict[int, list[CalendarDay]]
) -> dict[dt.date, tuple[HolidayNotice, str]]:
    latest: dict[dt.date, tuple[HolidayNotice, str]] = {}
    for notice in notices:  # in publication order
        for day in by_notice[notice.pk]:
            latest[day.date] = (notice, day.kind)
    return latest


def _superseder(
    latest: dict[dt.date, tuple[HolidayNotice, str]], day: CalendarDay, notice: HolidayNotice
) -> str:
    # A later notice that restates the same day (2019's amendment repeats 1 May) changes nothing.
    final_notice, final_kind = latest[day.date]
    changed = final_notice.pk != notice.pk and final_kind != day.kind
    return final_notice.document_number if changed else ""
