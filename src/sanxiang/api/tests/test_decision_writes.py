"""Steps after the decision through the API: the same services as the workbench, so the same
refusals with the rule and its article (service, demand and court, deferral, answers)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from sanxiang.api.choices import TokenScope
from sanxiang.api.tests.conftest import client_with, issue
from sanxiang.decisions.choices import ExecutionKind, RemedyKind
from sanxiang.decisions.services import record_remedy
from sanxiang.decisions.tests.test_after_decision import decided
from sanxiang.review.tests.builders import make_reviewer


def ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def officer_key(superuser, wanxin, officer):
    return issue(superuser, scope=TokenScope.AGENCY, agency=wanxin, user=officer)


@pytest.fixture
def head_key(superuser, wanxin, head):
    return issue(superuser, scope=TokenScope.AGENCY, agency=wanxin, user=head)


@pytest.fixture
def decision(officer, partner, power_item, reviewer, head):
    make_reviewer(reviewer)
    return decided(officer, partner, power_item, reviewer, head, days_ago=40, fine="2000")


def _post(key, decision, action, body):
    return client_with(key).post(
        f"/api/v1/decisions/{decision.pk}/{action}/", json.dumps(body),
        content_type="application/json",
    )  # fmt: skip


def _error(response) -> str:
    return json.dumps(response.json()["error"], ensure_ascii=False)


def test_public_notice_through_the_api_is_deemed_served_30_days_later(officer_key, decision):
    """Rule "penalty.service.public_notice" through the API door."""
    response = _post(officer_key, decision, "service", {
        "method": "public_notice", "served_on": ago(38).isoformat(), "recipient": "公告",
        "note": "公告刊登于《天津日报》",
    })  # fmt: skip
    assert response.status_code == 200
    assert response.json()["deemed_served_on"] == (ago(38) + dt.timedelta(30)).isoformat()


def test_the_api_refuses_the_court_before_the_demand_and_a_deferral_by_an_officer(
    officer_key, head_key, decision
):
    """Rules "enforcement.demand" and "penalty.payment.deferral" through the API door."""
    assert _post(officer_key, decision, "service", {
        "method": "direct", "served_on": ago(38).isoformat(), "recipient": "张三",
    }).status_code == 200  # fmt: skip
    response = _post(officer_key, decision, "executions", {
        "kind": ExecutionKind.COURT, "on": ago(0).isoformat(), "note": "申请执行",
    })  # fmt: skip
    assert response.status_code == 400 and "enforcement.demand" in _error(response)
    assert "第五十四条" in _error(response)
    later = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    body = {"kind": "deferral", "reason": "当事人书面申请，确有经济困难。",
            "instalments": [{"due_on": later, "amount": "2000.00"}]}  # fmt: skip
    response = _post(officer_key, decision, "arrangements", body)
    assert response.status_code == 400 and "penalty.payment.deferral" in _error(response)
    response = _post(head_key, decision, "arrangements", body)
    assert response.status_code == 200 and response.json()["payment_due"] == later
    assert response.json()["surcharge"] == "0.00"


def test_the_answer_to_a_lawsuit_is_recorded_through_the_api(officer_key, officer, decision):
    """Rule "remedy.litigation_answer" through the API door."""
    remedy = record_remedy(actor=officer, decision=decision, kind=RemedyKind.LITIGATION,
                           filed_on=ago(20), body="天津市东丽区人民法院")  # fmt: skip
    response = _post(officer_key, decision, "answers", {
        "remedy": remedy.pk, "copy_received_on": ago(10).isoformat(),
    })  # fmt: skip
    assert response.status_code == 200
    remedy.refresh_from_db()
    assert remedy.copy_received_on == ago(10) and remedy.answered_on is None
    response = _post(officer_key, decision, "answers", {"remedy": remedy.pk + 99})
    assert response.status_code == 400
