"""Dashboards (numbers and charts, bounded queries) and the data-centre search (scope,
facets, hostile input, bounded queries); the annual report's reminder on the work list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanxiang.agencies.models import Credential
from sanxiang.cases.tests.factories import open_case
from sanxiang.core.worklist import work_for
from sanxiang.supervision.annual import services
from sanxiang.supervision.tests.test_annual import YEAR, decide


@pytest.fixture
def case(officer, partner, power_item):
    Credential.objects.update(valid_from=dt.date(2020, 1, 1))
    return open_case(officer, power_item, partner, filed_on=dt.date.today() - dt.timedelta(days=20))


def test_the_dashboard_shows_each_panel_as_a_chart_and_a_table(client, supervisor, case, head):
    decide(case, head, ["fine"], fine=Decimal("25000"), on=dt.date.today())
    client.force_login(supervisor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("workbench:dashboard"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<svg") >= 3 and "2.50" in page  # 25,000 yuan in 万元
    assert case.filed_on.strftime("%Y-%m") in page
    assert len(queries) <= 25


def test_the_dashboard_keeps_to_the_agencies_in_scope(client, head, jinqiao, case):
    client.force_login(head)
    response = client.get(reverse("workbench:dashboard"), {"agency": jinqiao.pk})
    assert response.status_code == 200
    assert response.context["scope"].agency_ids == [head.agency_id]


def test_search_finds_a_case_by_number_within_scope_only(client, case, supervisor, other_officer):
    client.force_login(supervisor)
    page = client.get(reverse("workbench:search"), {"q": case.number}).content.decode()
    assert case.get_absolute_url() in page
    client.force_login(other_officer)
    page = client.get(reverse("workbench:search"), {"q": case.number}).content.decode()
    assert case.get_absolute_url() not in page


def test_search_is_safe_with_sql_and_html_in_the_query(client, supervisor, case):
    client.force_login(supervisor)
    hostile = "<script>alert(1)</script>' OR 1=1; DROP TABLE cases_case; --%_"
    response = client.get(reverse("workbench:search"), {"q": hostile})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert case.get_absolute_url() not in page  # no wildcard leaks everything


def test_search_refuses_an_agency_outside_scope_and_bounds_its_queries(client, head, jinqiao, case):
    client.force_login(head)
    response = client.get(reverse("workbench:search"), {"q": "万新", "agency": jinqiao.pk})
    assert "不在您的权限范围内" in response.content.decode()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("workbench:search"), {"q": "占道"})
    assert case.get_absolute_url() in response.content.decode()
    assert len(queries) <= 20
    response = client.get(reverse("workbench:search"), {"q": "占道", "kind": "case"})
    assert response.context["page"].paginator.count == 1


def test_the_report_reminder_is_on_the_heads_work_list_until_published(head, monkeypatch, case):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(YEAR + 1, 1, 5))
    titles = [item.title for item in work_for(head)]
    assert any(str(YEAR) in t and "年报" in t for t in titles)
    assert services.due_date(head.agency, YEAR) == dt.date(YEAR + 1, 1, 10)
