"""The China working-day calendar and the statutory rules for computing periods (期间).

A working day is Monday to Friday unless a State Council notice gives it off, plus any
Saturday or Sunday a notice makes a working day (调休上班). The notices are data
(``sanxiang.core.holidays``); a year with no notice raises ``CalendarDataMissing`` — the
calendar never guesses. For the UI, the ``*_deadline`` functions return a ``Deadline``
that, where a period reaches into a year with no notice, counts weekends only there and
is flagged provisional with a message telling the administrator which notice to enter.

Periods in working days (start day not counted; the N-th working day is the last day):
- 行政处罚法 第八十五条: "二日""三日""五日""七日" are working days, excluding statutory
  holidays;
- 行政许可法 第八十二条: every licensing period counts working days;
- 行政强制法 第六十九条: every period of ten days or less counts working days.

Periods in calendar days, months or years:
- 民事诉讼法 (2023) 第八十五条: the start day is not counted; if the last day is a statutory
  rest day (法定休假日, weekends included), the period ends on the first day after it;
- 民法典 第二百零一条 (start day not counted), 第二百零二条 (a month period ends on the
  corresponding day of the last month, or on its last day if there is none),
  第二百零三条 (a last day that is a rest day moves to the day after the rest).
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from sanxiang.core import holidays
from sanxiang.core.choices import PeriodUnit

ONE_DAY = dt.timedelta(days=1)

BASIS_PENALTY = "《中华人民共和国行政处罚法》第八十五条"
BASIS_LICENSING = "《中华人民共和国行政许可法》第八十二条"
BASIS_COMPULSION = "《中华人民共和国行政强制法》第六十九条"
BASIS_CIVIL_PROCEDURE = "《中华人民共和国民事诉讼法》（2023年修正）第八十五条"
BASIS_CIVIL_CODE = "《中华人民共和国民法典》第二百零一条至第二百零三条"


def missing_data_message(year: int) -> str:
    """What the administrator must do when ``year`` has no holiday notice."""
    return gettext(
        "No holiday arrangements for %(year)d: enter the State Council General Office "
        "notice on the %(year)d holiday arrangements in the admin."
    ) % {"year": year}


class CalendarDataMissing(Exception):
    """A period reaches into a year for which no holiday notice has been entered."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(f"no holiday notice for {year}")

    @property
    def message(self) -> str:
        return missing_data_message(self.year)


# Which days are worked: the strict oracle raises for an uncovered year, the provisional
# one counts weekends only there and remembers the year.
class _Oracle:
    def __init__(self, *, provisional: bool) -> None:
        self.provisional = provisional
        self.missing: set[int] = set()
        self.notices: dict[str, None] = {}  # ordered set

    def __call__(self, day: dt.date) -> bool:
        days = holidays.year_days(day.year)
        if not days.covered:
            if not self.provisional:
                raise CalendarDataMissing(day.year)
            self.missing.add(day.year)
            return day.weekday() < 5
        self.notices.update(dict.fromkeys(days.notices))
        return days.is_working_day(day)


Oracle = Callable[[dt.date], bool]


def is_working_day(day: dt.date) -> bool:
    """Whether ``day`` is a working day; ``CalendarDataMissing`` if its year has no notice."""
    return _Oracle(provisional=False)(day)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The last day of a period of ``count`` working days after ``start``.

    The start day is not counted; make-up Saturdays and Sundays count (行政处罚法 第八十五条,
    行政许可法 第八十二条, 行政强制法 第六十九条). ``count=0`` gives ``start``.
    """
    return _add_working_days(start, count, _Oracle(provisional=False))


def add_calendar_days(start: dt.date, count: int) -> dt.date:
    """The last day of a period of ``count`` calendar days after ``start``.

    民事诉讼法 (2023) 第八十五条 / 民法典 第二百零三条: the start day is not counted, and a
    period whose last day is a rest day ends on the next working day.
    """
    return _add_calendar_days(start, count, _Oracle(provisional=False))


def add_months(start: dt.date, count: int) -> dt.date:
    """The last day of a period of ``count`` months after ``start`` (民法典 第二百零二条,
    第二百零三条): the same-numbered day, or the month's last day, rolled past rest days."""
    return _add_months(start, count, _Oracle(provisional=False))


def _check_count(count: int) -> None:
    if count < 0:
        raise ValueError("a period cannot be negative")


def _add_working_days(start: dt.date, count: int, working: Oracle) -> dt.date:
    _check_count(count)
    day = start
    while count:
        day += ONE_DAY
        if working(day):
            count -= 1
    return day


def _roll_forward(day: dt.date, working: Oracle) -> dt.date:
    while not working(day):
        day += ONE_DAY
    return day


def _add_calendar_days(start: dt.date, count: int, working: Oracle) -> dt.date:
    _check_count(count)
    return _roll_forward(start + dt.timedelta(days=count), working)


def _add_months(start: dt.date, count: int, working: Oracle) -> dt.date:
    _check_count(count)
    years, month_index = divmod(start.month - 1 + count, 12)
    year, month = start.year + years, month_index + 1
    day = min(start.day, monthrange(year, month)[1])
    return _roll_forward(dt.date(year, month, day), working)


@dataclass(frozen=True)
class Deadline:
    """A computed deadline with what it rests on, for display and for the record.

    ``provisional`` deadlines reach into a year with no holiday notice: there only weekends
    were treated as rest days, and ``warning`` says which notice to enter.
    """

    start: dt.date
    due: dt.date
    count: int
    unit: PeriodUnit
    basis: str = ""  # the law or rule that sets the period
    missing_years: tuple[int, ...] = ()
    notices: tuple[str, ...] = ()  # the notices the computation relied on

    @property
    def provisional(self) -> bool:
        return bool(self.missing_years)

    @property
    def rule(self) -> str:
        """The period in words, e.g. "7 working days"."""
        templates = {
            PeriodUnit.WORKING_DAYS: ngettext(
                "%(count)d working day", "%(count)d working days", self.count
            ),
            PeriodUnit.DAYS: ngettext("%(count)d day", "%(count)d days", self.count),
            PeriodUnit.MONTHS: ngettext("%(count)d month", "%(count)d months", self.count),
        }
        return templates[self.unit] % {"count": self.count}

    @property
    def warning(self) -> str:
        """Empty unless provisional; then one sentence per missing year."""
        return " ".join(missing_data_message(year) for year in self.missing_years)


_COMPUTE = {
    PeriodUnit.WORKING_DAYS: _add_working_days,
    PeriodUnit.DAYS: _add_calendar_days,
    PeriodUnit.MONTHS: _add_months,
}


def deadline(start: dt.date, count: int, unit: PeriodUnit, *, basis: str = "") -> Deadline:
    """A ``Deadline`` that never fails for want of data: provisional where a year is missing."""
    oracle = _Oracle(provisional=True)
    due = _COMPUTE[unit](start, count, oracle)
    return Deadline(
        start=start,
        due=due,
        count=count,
        unit=unit,
        basis=basis,
        missing_years=tuple(sorted(oracle.missing)),
        notices=tuple(oracle.notices),
    )


def working_day_deadline(start: dt.date, count: int, *, basis: str = BASIS_PENALTY) -> Deadline:
    return deadline(start, count, PeriodUnit.WORKING_DAYS, basis=basis)


def calendar_day_deadline(
    start: dt.date, count: int, *, basis: str = BASIS_CIVIL_PROCEDURE
) -> Deadline:
    return deadline(start, count, PeriodUnit.DAYS, basis=basis)


def month_deadline(start: dt.date, count: int, *, basis: str = BASIS_CIVIL_CODE) -> Deadline:
    return deadline(start, count, PeriodUnit.MONTHS, basis=basis)
