"""Entering and correcting holiday notices in the admin, with immediate effect."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sanxiang.core import holidays
from sanxiang.core.calendar import CalendarDataMissing, add_working_days, is_working_day
from sanxiang.core.models import CalendarDay, HolidayNotice

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat
ADD_URL = reverse("admin:core_holidaynotice_add")
LIST_URL = reverse("admin:core_holidaynotice_changelist")


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    holidays.invalidate()
    yield
    holidays.invalidate()


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def notice_form(days, **fields):
    """POST data for the admin's notice form with its inline days."""
    data = {
        "year": "2027",
        "title": "国务院办公厅关于2027年部分节假日安排的通知",
        "document_number": "国办发明电〔2026〕9号",
        "issued_on": "2026-11-20",
        "published_on": "2026-11-20",
        "amends": "",
        "url": "",
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for i, (date, kind, festival) in enumerate(days):
        data |= {f"days-{i}-date": date, f"days-{i}-kind": kind, f"days-{i}-festival": festival}
    return data


NEW_YEAR_2027 = [
    ("2027-01-01", "rest", "new_year"),
    ("2027-01-02", "rest", "new_year"),
    ("2027-01-03", "rest", "new_year"),
]


def test_a_notice_entered_in_the_admin_takes_effect_at_once(admin_client):
    with pytest.raises(CalendarDataMissing):  # also fills the cache for 2026 and 2027
        add_working_days(D("2026-12-25"), 5)

    response = admin_client.post(ADD_URL, notice_form(NEW_YEAR_2027))

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert add_working_days(D("2026-12-25"), 5) == D("2027-01-04")
    assert HolidayNotice.objects.get(year=2027).days.count() == 3


def test_a_day_removed_in_the_admin_stops_counting_at_once(admin_client):
    assert add_working_days(D("2026-10-09"), 1) == D("2026-10-10")  # a make-up Saturday
    notice = HolidayNotice.objects.get(document_number="国办发明电〔2025〕7号")
    days = list(notice.days.order_by("date"))
    data = notice_form(
        [],
        year="2026",
        title=notice.title,
        document_number=notice.document_number,
        issued_on="2025-11-04",
        published_on="2025-11-04",
    )
    data["days-TOTAL_FORMS"] = data["days-INITIAL_FORMS"] = str(len(days))
    for i, day in enumerate(days):
        data |= {
            f"days-{i}-id": str(day.pk),
            f"days-{i}-notice": str(notice.pk),
            f"days-{i}-date": day.date.isoformat(),
            f"days-{i}-kind": day.kind,
            f"days-{i}-festival": day.festival,
        }
        if day.date == D("2026-10-10"):
            data[f"days-{i}-DELETE"] = "on"

    response = admin_client.post(reverse("admin:core_holidaynotice_change", args=[notice.pk]), data)

    assert response.status_code == 302
    assert not is_working_day(D("2026-10-10"))
    assert add_working_days(D("2026-10-09"), 1) == D("2026-10-12")


def test_a_make_up_day_on_a_weekday_is_refused_with_a_chinese_message(admin_client):
    response = admin_client.post(ADD_URL, notice_form([("2027-01-05", "work", "new_year")]))

    assert response.status_code == 200
    assert "调休上班日应为星期六或星期日" in response.content.decode()
    assert not HolidayNotice.objects.filter(year=2027).exists()


def test_a_document_number_without_the_proper_brackets_is_refused(admin_client):
    response = admin_client.post(
        ADD_URL, notice_form(NEW_YEAR_2027, document_number="国办发明电[2026]9号")
    )

    assert response.status_code == 200
    assert "年份使用六角括号〔〕" in response.content.decode()
    assert not HolidayNotice.objects.filter(year=2027).exists()


def test_a_day_far_from_the_notices_year_is_refused(admin_client):
    response = admin_client.post(ADD_URL, notice_form([("2028-05-01", "rest", "labour_day")]))

    assert response.status_code == 200
    assert "日期应在2027年内" in response.content.decode()


def test_an_amendment_must_follow_the_notice_it_amends(admin_client):
    original = HolidayNotice.objects.get(document_number="国办发明电〔2025〕7号")
    response = admin_client.post(
        ADD_URL,
        notice_form(
            [("2026-10-08", "rest", "national_day")],
            year="2026",
            title="国务院办公厅关于调整2026年国庆节假期安排的通知",
            amends=str(original.pk),
            issued_on="2025-10-01",
            published_on="2025-10-01",
        ),
    )

    assert response.status_code == 200
    assert "变更通知的发布日期必须晚于所变更的通知" in response.content.decode()


def test_an_amendment_entered_in_the_admin_overrides_only_its_days(admin_client):
    original = HolidayNotice.objects.get(document_number="国办发明电〔2025〕7号")
    response = admin_client.post(
        ADD_URL,
        notice_form(
            [("2026-10-08", "rest", "national_day"), ("2026-10-10", "rest", "national_day")],
            year="2026",
            title="国务院办公厅关于调整2026年国庆节假期安排的通知",
            document_number="国办发明电〔2026〕5号",
            amends=str(original.pk),
            issued_on="2026-06-01",
            published_on="2026-06-01",
        ),
    )

    assert response.status_code == 302
    assert not is_working_day(D("2026-10-08"))
    assert not is_working_day(D("2026-10-10"))
    assert is_working_day(D("2026-09-20"))  # the original's other make-up day stands


def test_the_notice_list_is_in_chinese(admin_client):
    response = admin_client.get(LIST_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "节假日安排通知" in page
    assert "国办发明电〔2024〕12号" in page


def test_a_system_administrator_may_keep_the_calendar(client, agency_admin):
    agency_admin.is_staff = True
    agency_admin.save(update_fields=["is_staff"])
    client.force_login(agency_admin)

    assert client.get(LIST_URL).status_code == 200


def test_an_officer_cannot_reach_the_calendar_admin(client, officer):
    officer.is_staff = True  # even with admin-site access, no calendar without the role
    officer.save(update_fields=["is_staff"])
    client.force_login(officer)

    assert client.get(LIST_URL).status_code == 403
    assert client.post(ADD_URL, notice_form(NEW_YEAR_2027)).status_code == 403
    assert not CalendarDay.objects.filter(date__year=2027).exists()
