"""The workbench pages of the prior notice, the party's response and the hearing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sanxiang.cases import party_rights
from sanxiang.cases.choices import Stage
from sanxiang.cases.models import Hearing, PartyResponse, PriorNotice
from sanxiang.cases.tests.factories import open_case, serve_notice, to_proposal

NOTICE = {
    "penalty_types": ["fine"], "fine": "3000", "content": "拟处罚款人民币三千元。",
    "facts": "当事人占道经营。", "reasons": "经责令未改正。", "legal_basis": "《条例》第六十一条",
    "method": "direct",
}  # fmt: skip


def _ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def proposed(case, officer):
    return to_proposal(case, officer)


def test_the_officer_serves_the_notice_from_the_case_page(client, officer, proposed):
    client.force_login(officer)
    page = client.get(reverse("workbench:case", args=[proposed.pk])).content.decode()
    assert "事先告知、陈述申辩与听证" in page
    url = reverse("workbench:case-notice-new", args=[proposed.pk])
    assert url in page
    form = client.get(url).content.decode()
    assert 'name="penalty_types"' in form and 'name="reasons"' in form
    response = client.post(url, {**NOTICE, "notified_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.stage == Stage.NOTIFICATION
    assert PriorNotice.objects.get(case=proposed).fine == 3000
    page = client.get(reverse("workbench:case", args=[proposed.pk])).content.decode()
    assert "拟处罚款人民币三千元" in page and "penalty.statement.heard" in page


def test_a_confiscation_without_its_amount_is_refused_on_the_form_with_the_article(
    client, officer, proposed
):
    client.force_login(officer)
    url = reverse("workbench:case-notice-new", args=[proposed.pk])
    data = {**NOTICE, "notified_on": timezone.localdate().isoformat()}
    data["penalty_types"] = ["fine", "confiscate_gains"]
    page = client.post(url, data).content.decode()
    assert "第四十四条" in page and "penalty.notice.content" in page
    assert not PriorNotice.objects.exists()


def test_response_hearing_and_record_through_the_pages(client, officer, officer_partner_case):
    case = officer_partner_case
    serve_notice(case, officer, on=_ago(40), fine="20000")
    client.force_login(officer)
    response = client.post(reverse("workbench:case-response-new", args=[case.pk]),
                           {"kind": "hearing_request", "on": _ago(39).isoformat()})  # fmt: skip
    assert response.status_code == 302 and PartyResponse.objects.get(case=case).timely
    day = party_rights.earliest_hearing_day(_ago(30))
    url = reverse("workbench:case-hearing-new", args=[case.pk])
    too_soon = {"scheduled_at": f"{day - dt.timedelta(days=1)}T09:30", "place": "听证室",
                "party_notified_on": _ago(30).isoformat(), "presiding": "法制员赵敏"}  # fmt: skip
    page = client.post(url, too_soon).content.decode()
    assert "penalty.hearing.seven_days_notice" in page and not Hearing.objects.exists()
    assert client.post(url, {**too_soon, "scheduled_at": f"{day}T09:30"}).status_code == 302
    hearing = Hearing.objects.get(case=case)
    record = reverse("workbench:case-hearing-record", args=[case.pk, hearing.pk])
    response = client.post(record, {"held_on": day.isoformat(), "summary": "当事人到场陈述。"})
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.held_on == day
    page = client.get(reverse("workbench:case", args=[case.pk])).content.decode()
    assert "法制员赵敏" in page and "当事人到场陈述" not in page  # the record stays in the file


@pytest.fixture
def officer_partner_case(officer, partner, power_item):
    case = open_case(officer, power_item, partner, filed_on=_ago(60))
    return to_proposal(case, officer, _ago(50))
