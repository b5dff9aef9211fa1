"""The security events page: who reads which events, the filters, the CSV export."""

import csv
import io

import pytest
from django.urls import reverse

from sanxiang.core.audit import Kind, record_security_event
from sanxiang.core.models import SecurityEvent

URL = reverse("workbench:security-events")


@pytest.fixture
def events(officer, other_officer):
    """One event of a 万新街 user, one of a 金桥街 user, one of nobody in particular."""
    record_security_event(kind=Kind.LOGIN_FAILED, actor=officer)
    record_security_event(kind=Kind.EXPORT, actor=other_officer, detail={"what": "case-file"})
    record_security_event(kind=Kind.LOGIN_FAILED, username="guesser")


def _usernames(response):
    return [row.username for row in response.context["page"]]


def test_an_agency_administrator_reads_only_their_agencys_events(client, agency_admin, events):
    client.force_login(agency_admin)
    assert set(_usernames(client.get(URL))) == {"officer", "agency_admin"}


def test_a_supervisor_reads_the_agencies_they_supervise(client, supervisor, events):
    client.force_login(supervisor)
    assert {"officer", "other_officer"} <= set(_usernames(client.get(URL)))
    assert "guesser" not in _usernames(client.get(URL))


def test_a_superuser_reads_everything_including_unknown_names(client, superuser, events):
    client.force_login(superuser)
    assert {"officer", "other_officer", "guesser"} <= set(_usernames(client.get(URL)))


def test_an_officer_is_refused_and_the_refusal_is_recorded(client, officer):
    client.force_login(officer)
    assert client.get(URL).status_code == 403
    assert SecurityEvent.objects.filter(kind=Kind.PERMISSION_DENIED, username="officer").exists()


def test_filters_by_kind_user_and_date(client, superuser, events):
    client.force_login(superuser)
    assert _usernames(client.get(URL, {"kind": Kind.EXPORT})) == ["other_officer"]
    assert _usernames(client.get(URL, {"user": "guesser"})) == ["guesser"]
    assert _usernames(client.get(URL, {"date_to": "2000-01-01"})) == []


def test_a_bad_date_range_gets_a_chinese_message(client, superuser, events):
    client.force_login(superuser)
    response = client.get(URL, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert "截止日期不能早于起始日期" in response.content.decode()


def test_the_csv_export_holds_the_filtered_events_and_is_itself_recorded(client, superuser, events):
    client.force_login(superuser)
    response = client.get(URL, {"kind": Kind.LOGIN_FAILED, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "编号"
    assert {row[3] for row in rows[1:]} == {"officer", "guesser"}
    assert all(row[7] == "{}" for row in rows[1:])  # details as JSON
    assert SecurityEvent.objects.filter(kind=Kind.EXPORT, username="root").exists()
