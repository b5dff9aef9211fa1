"""Deadlines for the UI: provisional where a year has no notice, rendered with their basis;
and the work-list item asking administrators for next year's notice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanxiang.core import holidays, services, worklist
from sanxiang.core.calendar import (
    BASIS_PENALTY,
    CalendarDataMissing,
    add_working_days,
    calendar_day_deadline,
    month_deadline,
    working_day_deadline,
)
from sanxiang.core.calendar_worklist import holiday_notice_items
from sanxiang.core.models import CalendarDay, HolidayNotice

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat
MISSING_2027 = "缺少2027年的节假日安排：请在管理后台录入国务院办公厅关于2027年部分节假日安排的通知"


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    holidays.invalidate()
    yield
    holidays.invalidate()


def _enter_2027_notice(actor):
    notice = HolidayNotice(
        document_number="国办发明电〔2026〕9号",
        title="国务院办公厅关于2027年部分节假日安排的通知",
        year=2027,
        issued_on=D("2026-11-20"),
        published_on=D("2026-11-20"),
    )
    return services.save_holiday_notice(actor=actor, notice=notice)


def test_a_deadline_inside_covered_years_is_final_and_cites_its_notice():
    deadline = working_day_deadline(D("2025-09-30"), 7)
    assert deadline.due == D("2025-10-16")
    assert not deadline.provisional
    assert deadline.missing_years == ()
    assert deadline.warning == ""
    assert deadline.basis == BASIS_PENALTY
    assert deadline.notices == ("国办发明电〔2024〕12号",)


def test_a_deadline_reaching_into_a_year_without_a_notice_is_provisional_on_weekends_only():
    deadline = working_day_deadline(D("2026-12-25"), 5)
    # 28 to 31 December, then Friday 1 January 2027 counted as a weekday for want of data.
    assert deadline.due == D("2027-01-01")
    assert deadline.provisional
    assert deadline.missing_years == (2027,)
    with translation.override("zh-hans"):
        assert deadline.warning == MISSING_2027


def test_inside_a_year_without_a_notice_only_weekends_are_rest_days():
    deadline = working_day_deadline(D("2027-03-01"), 5)
    assert (deadline.due, deadline.missing_years, deadline.notices) == (
        D("2027-03-08"),
        (2027,),
        (),
    )


def test_calendar_day_and_month_deadlines_are_provisional_the_same_way():
    assert calendar_day_deadline(D("2026-12-20"), 15).missing_years == (2027,)
    assert not calendar_day_deadline(D("2026-12-01"), 10).provisional
    assert month_deadline(D("2026-11-30"), 2).missing_years == (2027,)


def test_a_provisional_deadline_becomes_final_once_the_notice_is_entered(superuser):
    assert working_day_deadline(D("2026-12-25"), 5).provisional
    _enter_2027_notice(superuser)
    assert not working_day_deadline(D("2026-12-25"), 5).provisional


def test_the_rule_is_stated_in_words():
    with translation.override("zh-hans"):
        assert working_day_deadline(D("2025-09-30"), 7).rule == "7个工作日"
        assert calendar_day_deadline(D("2025-09-30"), 15).rule == "15日"
        assert month_deadline(D("2025-09-30"), 3).rule == "3个月"
    with translation.override("en"):
        assert working_day_deadline(D("2025-09-30"), 1).rule == "1 working day"
        assert working_day_deadline(D("2025-09-30"), 7).rule == "7 working days"


def test_the_deadline_snippet_shows_date_purpose_rule_and_basis():
    deadline = working_day_deadline(D("2025-09-30"), 7)
    with translation.override("zh-hans"):
        html = render_to_string("core/_deadline.html", {"deadline": deadline, "purpose": "公示"})
    assert "公示" in html
    assert "2025年10月16日" in html
    assert 'datetime="2025-10-16"' in html
    assert "7个工作日" in html
    assert BASIS_PENALTY in html
    assert "暂定" not in html


def test_the_deadline_snippet_warns_when_provisional():
    deadline = working_day_deadline(D("2026-12-25"), 5)
    with translation.override("zh-hans"):
        html = render_to_string("core/_deadline.html", {"deadline": deadline})
    assert "2027年1月1日" in html
    assert "暂定" in html
    assert MISSING_2027 in html


def test_in_the_last_quarter_administrators_are_asked_for_next_years_notice(agency_admin):
    with translation.override("zh-hans"):
        items = holiday_notice_items(agency_admin, today=D("2026-11-27"))
    assert len(items) == 1
    item = items[0]
    assert "2027" in item.title
    assert item.urgency == worklist.Urgency.DUE_SOON
    assert item.due_on == D("2027-01-01")
    assert item.url == "/admin/core/holidaynotice/add/"


def test_the_request_is_live_in_each_administrators_work_list(agency_admin, superuser, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D("2026-11-27"))
    for user in (agency_admin, superuser):
        assert any("2027" in item.title for item in worklist.work_for(user))


def test_officers_are_not_asked_for_the_notice(officer, reviewer, anonymous_user):
    for user in (officer, reviewer, anonymous_user):
        assert holiday_notice_items(user, today=D("2026-11-27")) == []


def test_nothing_is_asked_before_october(agency_admin):
    assert holiday_notice_items(agency_admin, today=D("2026-09-30")) == []
    assert len(holiday_notice_items(agency_admin, today=D("2026-10-01"))) == 1


def test_nothing_is_asked_once_next_years_notice_is_entered(agency_admin, superuser):
    _enter_2027_notice(superuser)
    assert holiday_notice_items(agency_admin, today=D("2026-11-27")) == []


def test_a_year_begun_without_its_notice_is_overdue(agency_admin):
    items = holiday_notice_items(agency_admin, today=D("2027-02-01"))
    assert [(i.urgency, i.due_on) for i in items] == [(worklist.Urgency.OVERDUE, D("2027-02-01"))]


def test_entering_the_notice_through_the_service_takes_effect_at_once(superuser):
    with pytest.raises(CalendarDataMissing):
        add_working_days(D("2026-12-25"), 5)
    notice = _enter_2027_notice(superuser)
    services.save_calendar_days(
        actor=superuser,
        notice=notice,
        days=[
            CalendarDay(date=D("2027-01-01"), kind="rest", festival="new_year"),
        ],
    )
    assert add_working_days(D("2026-12-25"), 5) == D("2027-01-04")


def test_only_administrators_may_change_notices(officer):
    with pytest.raises(PermissionDenied):
        _enter_2027_notice(officer)
    assert not HolidayNotice.objects.filter(year=2027).exists()


@pytest.fixture
def anonymous_user():
    return AnonymousUser()


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    start=st.dates(min_value=D("2018-01-01"), max_value=D("2026-09-30")),
    count=st.integers(min_value=0, max_value=60),
)
def test_in_covered_years_a_deadline_is_final_and_agrees_with_the_strict_count(start, count):
    deadline = working_day_deadline(start, count)
    assert not deadline.provisional
    assert deadline.due == add_working_days(start, count)
