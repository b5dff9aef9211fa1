"""Dashboards (numbers and charts, bounded queries) and the data-centre search (scope,
facets, hostile input, bounded queries); the annual report's reminder on the work list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

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


PANELS = (
    "filed_by_month",
    "amounts_by_month",
    "by_category",
    "deadlines_met",
    "licensing_outcomes",
)


def _panels(scope, *, live):
    from sanxiang.supervision import dashboards

    return {name: getattr(dashboards, name)(scope, live=live).rows for name in PANELS}


def test_the_monthly_summary_gives_the_same_figures_as_the_live_queries(
    officer, partner, power_item, head, wanxin
):
    from sanxiang.cases.models import Case
    from sanxiang.supervision import dashboards, summary

    Credential.objects.update(valid_from=dt.date(2020, 1, 1))
    a, b, c = (
        open_case(officer, power_item, partner, filed_on=dt.date(YEAR, month, day))
        for month, day in ((2, 3), (5, 31), (9, 1))
    )
    Case.objects.filter(pk=a.pk).update(decided_on=dt.date(YEAR, 3, 1))  # in time
    Case.objects.filter(pk=c.pk).update(decided_on=dt.date(YEAR, 12, 20))  # late
    decide(a, head, ["fine"], fine=Decimal("5000"), on=dt.date(YEAR, 3, 1))
    decide(b, head, ["confiscate_gains"], confiscation=Decimal("100"), on=dt.date(YEAR, 6, 1))
    decide(c, head, ["fine"], fine=Decimal("300"), on=dt.date(YEAR, 12, 20))
    licensing = {"category": "licensing", "on": dt.date(YEAR, 4, 2)}
    decide(a, head, [], licensing_outcome="granted", **licensing)
    decide(b, head, [], licensing_outcome="refused", **licensing)
    decide(b, head, [], licensing_outcome="refused", category="licensing", on=dt.date(YEAR, 11, 9))
    scopes = [
        dashboards.Scope([wanxin.pk], dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)),
        dashboards.Scope([wanxin.pk], dt.date(YEAR, 2, 10), dt.date(YEAR, 11, 15)),
        dashboards.Scope([wanxin.pk], dt.date(YEAR - 1, 12, 15), dt.date(YEAR + 1, 1, 5)),
    ]
    for today in (None, dt.date(YEAR, 4, 15), dt.date(YEAR, 10, 1), dt.date(YEAR + 1, 1, 10)):
        if today:
            assert summary.refresh(today) > 0
        for scope in scopes:
            assert _panels(scope, live=False) == _panels(scope, live=True), (today, scope)
    whole = scopes[0]
    assert summary.plan(whole.start, whole.end).live == ()  # all read from the summary
    expected = [("2025-02", 1), ("2025-05", 1), ("2025-09", 1)]
    assert dashboards.filed_by_month(whole).rows == expected
    assert dashboards.deadlines_met(whole).rows[0][1:] == (1,)
    assert dashboards.deadlines_met(whole).rows[1][1:] == (1,)
    assert [n for _label, n in dashboards.licensing_outcomes(whole).rows] == [1, 2]
    assert dashboards.amounts_by_month(whole).rows == [
        ("2025-03", Decimal("0.50")), ("2025-06", Decimal("0.01")), ("2025-12", Decimal("0.03"))
    ]  # fmt: skip
    # A case filed later with an earlier date shows from the next refresh on.
    open_case(officer, power_item, partner, filed_on=dt.date(YEAR, 2, 20))
    assert dashboards.filed_by_month(whole).rows == expected
    summary.refresh(dt.date(YEAR + 1, 1, 10))
    assert dashboards.filed_by_month(whole).rows[0] == ("2025-02", 2)


def test_tick_refreshes_the_summary(db):
    from sanxiang.core import tick
    from sanxiang.supervision.models import SummaryState

    job = next(j for j in tick.jobs() if j.name == "supervision-summary")
    assert "monthly rows" in job.run()
    assert SummaryState.objects.get().complete_before == timezone.localdate().replace(day=1)


def test_the_dashboard_counts_reconsideration_litigation_and_transfers(
    client, supervisor, case, head
):
    from sanxiang.decisions import services as decisions
    from sanxiang.decisions.choices import RemedyKind, RemedyOutcome

    today = timezone.localdate()
    decision = decide(case, head, ["fine"], fine=Decimal("500"), on=today)
    remedy = decisions.record_remedy(actor=head, decision=decision, kind=RemedyKind.LITIGATION,
                                     filed_on=today, body="东丽区人民法院")  # fmt: skip
    decisions.record_remedy_outcome(actor=head, remedy=remedy, outcome=RemedyOutcome.REVOKED,
                                    on=today, note="判决撤销")  # fmt: skip
    decisions.record_judicial_transfer(actor=head, case=case, transferred_on=today,
                                       organ="公安分局", offence="涉嫌非法经营罪")  # fmt: skip
    client.force_login(supervisor)
    response = client.get(reverse("workbench:dashboard"))
    panel = next(p for p, _svg in response.context["panels"] if p.key == "remedies")
    assert [n for _label, n in panel.rows] == [0, 0, 1, 1, 1]
