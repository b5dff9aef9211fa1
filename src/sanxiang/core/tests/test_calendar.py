"""The working-day calendar: the official arrangements, the period rules, missing years."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanxiang.core import holidays
from sanxiang.core.calendar import (
    CalendarDataMissing,
    add_calendar_days,
    add_months,
    add_working_days,
    is_working_day,
)

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat
ONE_DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    holidays.invalidate()
    yield
    holidays.invalidate()


def _days(first: str, last: str | None = None) -> set[dt.date]:
    day, end = D(first), D(last or first)
    out = set()
    while day <= end:
        out.add(day)
        day += ONE_DAY
    return out


def assert_year_follows(year: int, rest: set[dt.date], work: set[dt.date]) -> None:
    """Every day of ``year`` is off if listed, worked if a make-up day, else by weekday."""
    wrong = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        expected = day in work or (day not in rest and day.weekday() < 5)
        if is_working_day(day) != expected:
            wrong.append(day)
        day += ONE_DAY
    assert wrong == []


def test_the_2024_arrangement_follows_guobanfamingdian_2023_7():
    rest = (
        _days("2024-01-01")
        | _days("2024-02-10", "2024-02-17")
        | _days("2024-04-04", "2024-04-06")
        | _days("2024-05-01", "2024-05-05")
        | _days("2024-06-10")
        | _days("2024-09-15", "2024-09-17")
        | _days("2024-10-01", "2024-10-07")
    )
    work = {D(d) for d in ("2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28")} | {
        D(d) for d in ("2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12")
    }
    assert_year_follows(2024, rest, work)


def test_the_2025_arrangement_follows_guobanfamingdian_2024_12():
    rest = (
        _days("2025-01-01")
        | _days("2025-01-28", "2025-02-04")
        | _days("2025-04-04", "2025-04-06")
        | _days("2025-05-01", "2025-05-05")
        | _days("2025-05-31", "2025-06-02")
        | _days("2025-10-01", "2025-10-08")
    )
    work = {D(d) for d in ("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11")}
    assert_year_follows(2025, rest, work)


def test_the_2026_arrangement_follows_guobanfamingdian_2025_7():
    rest = (
        _days("2026-01-01", "2026-01-03")
        | _days("2026-02-15", "2026-02-23")
        | _days("2026-04-04", "2026-04-06")
        | _days("2026-05-01", "2026-05-05")
        | _days("2026-06-19", "2026-06-21")
        | _days("2026-09-25", "2026-09-27")
        | _days("2026-10-01", "2026-10-07")
    )
    work = {D(d) for d in ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09")} | {
        D(d) for d in ("2026-09-20", "2026-10-10")
    }
    assert_year_follows(2026, rest, work)


def test_the_2025_calendar_cites_its_notice():
    assert holidays.year_days(2025).notices == ("国办发明电〔2024〕12号",)


def test_the_extended_2020_spring_festival_supersedes_only_the_days_it_changes():
    # 国办发明电〔2019〕16号 made Saturday 1 February a working day; 国办发明电〔2020〕1号
    # extended the holiday to Sunday 2 February, so it became a day off.
    assert not is_working_day(D("2020-01-31"))
    assert not is_working_day(D("2020-02-01"))
    assert not is_working_day(D("2020-02-02"))
    assert is_working_day(D("2020-02-03"))
    # The rest of the original notice stands: its January make-up Sunday and May Day.
    assert is_working_day(D("2020-01-19"))
    assert is_working_day(D("2020-05-09"))
    assert holidays.year_days(2020).notices == ("国办发明电〔2019〕16号", "国办发明电〔2020〕1号")


def test_the_amended_2019_labour_day_is_four_days_with_two_make_up_sundays():
    assert [is_working_day(d) for d in sorted(_days("2019-04-28", "2019-05-06"))] == [
        True,  # Sun 28 April, made a working day by 国办发明电〔2019〕3号
        True,
        True,
        False,  # 1 to 4 May off
        False,
        False,
        False,
        True,  # Sun 5 May, make-up day
        True,
    ]


def test_the_2019_notice_sets_the_last_days_of_december_2018():
    assert is_working_day(D("2018-12-29"))  # a Saturday worked
    assert not is_working_day(D("2018-12-31"))  # a Monday off


def test_every_day_from_2018_to_2026_matches_the_chinesecalendar_package():
    mismatches = []
    day = D("2018-01-01")
    while day <= D("2026-12-31"):
        if is_working_day(day) != chinese_calendar.is_workday(day):
            mismatches.append(day)
        day += ONE_DAY
    assert mismatches == []


def test_seven_working_days_cross_the_2025_national_day_holiday():
    # Off 1 to 8 October; the 9th, 10th, Saturday 11th (make-up), 13th ... 16th count.
    assert add_working_days(D("2025-09-30"), 7) == D("2025-10-16")


def test_both_2025_national_day_make_up_days_count_as_working_days():
    # Sun 28 Sep (1), 29, 30, 9 Oct, 10 Oct, Sat 11 Oct (6), 13 Oct (7).
    assert add_working_days(D("2025-09-26"), 7) == D("2025-10-13")


def test_a_working_day_period_can_end_on_a_make_up_saturday():
    assert add_working_days(D("2024-09-30"), 5) == D("2024-10-12")
    assert add_working_days(D("2025-10-10"), 1) == D("2025-10-11")


def test_the_start_day_is_not_counted():
    assert add_working_days(D("2024-03-04"), 1) == D("2024-03-05")
    assert add_calendar_days(D("2024-03-04"), 1) == D("2024-03-05")


def test_a_calendar_day_period_ending_in_a_holiday_ends_on_the_next_working_day():
    assert add_calendar_days(D("2025-09-24"), 7) == D("2025-10-09")


def test_a_calendar_day_period_ending_on_a_weekend_ends_on_monday():
    assert add_calendar_days(D("2024-01-01"), 5) == D("2024-01-08")


def test_a_calendar_day_period_ending_on_a_make_up_saturday_does_not_move():
    assert add_calendar_days(D("2024-09-26"), 16) == D("2024-10-12")


def test_a_period_rolling_past_new_year_can_end_on_a_make_up_sunday():
    # 2026-01-01 to 03 off, Sunday 4 January worked (国办发明电〔2025〕7号).
    assert add_calendar_days(D("2025-12-17"), 15) == D("2026-01-04")


def test_a_month_period_ends_on_the_same_numbered_day_or_the_month_end():
    assert add_months(D("2024-01-31"), 1) == D("2024-02-29")
    assert add_months(D("2023-01-31"), 1) == D("2023-02-28")
    assert add_months(D("2024-11-15"), 3) == D("2025-02-17")  # 15 Feb 2025 is a Saturday
    assert add_months(D("2025-09-01"), 1) == D("2025-10-09")  # rolled past National Day


def test_a_year_without_a_notice_is_an_error_naming_the_year():
    with pytest.raises(CalendarDataMissing) as excinfo:
        add_working_days(D("2026-12-25"), 5)
    assert excinfo.value.year == 2027
    with pytest.raises(CalendarDataMissing):
        is_working_day(D("2027-01-04"))
    with pytest.raises(CalendarDataMissing) as before:
        add_working_days(D("2017-12-20"), 1)
    assert before.value.year == 2017


def test_the_missing_year_message_says_which_notice_to_enter():
    from django.utils import translation

    with translation.override("zh-hans"):
        message = CalendarDataMissing(2027).message
    assert message == (
        "缺少2027年的节假日安排：请在管理后台录入国务院办公厅关于2027年部分节假日安排的通知"
    )


def test_a_period_that_stays_in_covered_years_needs_no_later_notice():
    assert add_calendar_days(D("2026-12-01"), 10) == D("2026-12-11")
    assert add_working_days(D("2026-12-24"), 5) == D("2026-12-31")


def test_a_negative_period_is_refused():
    with pytest.raises(ValueError):
        add_working_days(D("2025-01-02"), -1)
    with pytest.raises(ValueError):
        add_calendar_days(D("2025-01-02"), -1)


def test_a_year_is_read_with_one_query_and_then_from_memory(django_assert_num_queries):
    with django_assert_num_queries(1):
        is_working_day(D("2025-05-06"))
        add_working_days(D("2025-03-03"), 40)
    with django_assert_num_queries(1):  # 2024 is new; 2025 comes from memory
        add_working_days(D("2024-12-20"), 15)


# Property tests over the seeded years: 60 working days from 30 September 2026 end on
# 29 December, so every period stays inside 2018-2026; sums of two start by 31 March.
starts = st.dates(min_value=D("2018-01-01"), max_value=D("2026-09-30"))
early_starts = st.dates(min_value=D("2018-01-01"), max_value=D("2026-03-31"))
counts = st.integers(min_value=1, max_value=60)
property_settings = settings(
    max_examples=150,
    deadline=None,
    database=None,  # read-only data; nothing worth keeping between runs
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _working_days_between(after: dt.date, through: dt.date) -> int:
    count, day = 0, after + ONE_DAY
    while day <= through:
        count += is_working_day(day)
        day += ONE_DAY
    return count


@property_settings
@given(start=starts, count=counts)
def test_n_working_days_later_is_a_working_day_with_exactly_n_working_days_counted(start, count):
    due = add_working_days(start, count)
    assert is_working_day(due)
    assert _working_days_between(start, due) == count


@property_settings
@given(start=early_starts, first=counts, second=counts)
def test_working_day_periods_add_up(start, first, second):
    assert add_working_days(add_working_days(start, first), second) == add_working_days(
        start, first + second
    )


@property_settings
@given(start=starts, count=st.integers(min_value=0, max_value=60))
def test_a_calendar_day_period_ends_on_the_first_working_day_from_its_nominal_end(start, count):
    due = add_calendar_days(start, count)
    nominal = start + dt.timedelta(days=count)
    assert due >= nominal
    assert is_working_day(due)
    assert _working_days_between(nominal - ONE_DAY, due - ONE_DAY) == 0
