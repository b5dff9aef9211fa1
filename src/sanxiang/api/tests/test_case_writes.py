"""Writes on cases through the API (filing, the head's approvals, extensions, the violation
record): the same services as the workbench, so the same refusals, with the rule's article."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sanxiang.api.choices import TokenScope
from sanxiang.api.tests.conftest import client_with, issue
from sanxiang.cases.choices import ApprovalKind, PartyKind, RulesFlag
from sanxiang.cases.limits import add_years
from sanxiang.cases.models import Case, CaseApproval
from sanxiang.cases.tests.factories import PERSON_ID

TODAY = dt.date.today()


@pytest.fixture
def officer_key(superuser, wanxin, officer):
    return issue(superuser, scope=TokenScope.AGENCY, agency=wanxin, user=officer)


@pytest.fixture
def head_key(superuser, wanxin, head):
    return issue(superuser, scope=TokenScope.AGENCY, agency=wanxin, user=head)


def _post(key, path, body):
    return client_with(key).post(path, json.dumps(body), content_type="application/json")


def _filing(power_item, officer, partner, **changes):
    body = {
        "power_item": power_item.pk, "procedure": "general", "title": "占道经营",
        "source": "patrol", "filed_on": TODAY.isoformat(),
        "violation_on": (TODAY - dt.timedelta(days=3)).isoformat(),
        "officers": [officer.officer.pk, partner.officer.pk], "lead": officer.officer.pk,
        "parties": [{"kind": PartyKind.NATURAL_PERSON, "name": "张三", "id_number": PERSON_ID}],
    }  # fmt: skip
    return {**body, **changes}


def test_an_officer_files_a_case_and_out_of_time_is_refused_with_the_article(
    officer_key, power_item, officer, partner
):
    late = _filing(power_item, officer, partner, violation_on=add_years(TODAY, -3).isoformat())
    response = _post(officer_key, "/api/v1/cases/", late)
    assert response.status_code == 400
    error = response.json()["error"]
    assert "penalty.limitation" in json.dumps(error, ensure_ascii=False)
    assert "第三十六条" in json.dumps(error["fields"], ensure_ascii=False)
    assert not Case.objects.exists()
    response = _post(officer_key, "/api/v1/cases/", _filing(power_item, officer, partner))
    assert response.status_code == 201
    assert response.json()["violation_on"] == (TODAY - dt.timedelta(days=3)).isoformat()


def test_the_same_id_number_under_another_name_needs_the_confirmation(
    case, officer_key, power_item, officer, partner
):
    party = {"kind": PartyKind.NATURAL_PERSON, "name": "孙小三", "id_number": PERSON_ID}
    response = _post(officer_key, "/api/v1/cases/",
                     _filing(power_item, officer, partner, parties=[party]))  # fmt: skip
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert "“张三”" in fields["same_person_confirmed"][0]
    confirmed = {**party, "same_person_confirmed": True}
    response = _post(officer_key, "/api/v1/cases/",
                     _filing(power_item, officer, partner, parties=[confirmed]))  # fmt: skip
    assert response.status_code == 201 and response.json()["parties"][0]["name"] == "张三"


def test_a_token_without_an_account_cannot_write(wanxin_key, power_item, officer, partner):
    response = _post(wanxin_key, "/api/v1/cases/", _filing(power_item, officer, partner))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "account_required"


def test_the_head_approves_and_extends_through_the_api(case, head_key, officer_key):
    path = f"/api/v1/cases/{case.pk}/"
    assert _post(officer_key, path + "approvals/",
                 {"kind": "filing", "opinion": "同意立案"}).status_code == 403  # fmt: skip
    response = _post(head_key, path + "approvals/", {"kind": "filing", "opinion": "同意立案"})
    assert response.status_code == 200
    assert response.json()["approvals"][0]["opinion"] == "同意立案"
    response = _post(head_key, path + "extensions/", {"days": 40, "reason": "复杂",
                                                      "legal_basis": "某规章第十条",
                                                      "allowed_days": 30})  # fmt: skip
    assert response.status_code == 400 and "penalty.decision_period" in response.content.decode()
    response = _post(head_key, path + "extensions/", {"days": 30, "reason": "复杂",
                                                      "legal_basis": "某规章第十条",
                                                      "allowed_days": 30})  # fmt: skip
    assert response.status_code == 200
    assert CaseApproval.objects.filter(case=case, kind=ApprovalKind.EXTENSION).exists()


def test_the_head_completes_a_flagged_case(case, head_key):
    Case.objects.filter(pk=case.pk).update(
        violation_on=None, rules_flags=[RulesFlag.VIOLATION_DATE_MISSING]
    )
    response = _post(head_key, f"/api/v1/cases/{case.pk}/violation/",
                     {"violation_on": (case.filed_on - dt.timedelta(days=1)).isoformat()})  # fmt: skip
    assert response.status_code == 200 and response.json()["rules_flags"] == []
