"""Reconsideration and litigation against a decision, their outcomes, transfers to the
judicial organs, and the licensing outcome: services (who, validation, ledger) and pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sanxiang.agencies.choices import PowerCategory
from sanxiang.cases.models import Case
from sanxiang.decisions import services
from sanxiang.decisions.choices import DecisionStatus, RemedyKind, RemedyOutcome
from sanxiang.decisions.models import Decision, DecisionChange, JudicialTransfer, Remedy
from sanxiang.decisions.tests.test_services import data, passed  # noqa: F401
from sanxiang.ledger.models import Entry


@pytest.fixture
def decision(passed, head):  # noqa: F811
    return services.make_decision(actor=head, case=passed, data=data())


def test_a_reconsideration_that_revokes_the_decision_takes_it_out_of_force(decision, officer):
    today = timezone.localdate()
    remedy = services.record_remedy(
        actor=officer, decision=decision, kind=RemedyKind.RECONSIDERATION, filed_on=today,
        body="东丽区人民政府", reference="东丽政复申字〔2026〕1号",
    )  # fmt: skip
    assert remedy.is_open and remedy.ledger_seq is not None
    services.record_remedy_outcome(
        actor=officer, remedy=remedy, outcome=RemedyOutcome.REVOKED, on=today,
        note="东丽政复决字〔2026〕1号：撤销原行政处罚决定。",
    )  # fmt: skip
    decision.refresh_from_db()
    remedy.refresh_from_db()
    assert decision.status == DecisionStatus.REVOKED
    change = DecisionChange.objects.get(decision=decision)
    assert change.basis == "东丽区人民政府 东丽政复申字〔2026〕1号"
    kinds = set(Entry.objects.values_list("kind", flat=True))
    assert {"decision.remedy_filed", "decision.remedy_outcome", "decision.status_changed"} <= kinds
    with pytest.raises(ValidationError):  # an outcome is recorded once
        services.record_remedy_outcome(actor=officer, remedy=remedy,
                                       outcome=RemedyOutcome.UPHELD, on=today, note="再次")  # fmt: skip


def test_an_upheld_lawsuit_leaves_the_decision_in_force(decision, head):
    today = timezone.localdate()
    remedy = services.record_remedy(actor=head, decision=decision, kind=RemedyKind.LITIGATION,
                                    filed_on=today, body="东丽区人民法院")  # fmt: skip
    services.record_remedy_outcome(actor=head, remedy=remedy, outcome=RemedyOutcome.UPHELD,
                                   on=today, note="（2026）津0110行初1号：驳回诉讼请求。")  # fmt: skip
    decision.refresh_from_db()
    assert decision.in_force and not DecisionChange.objects.exists()


def test_bad_remedy_input_is_refused_with_nothing_written(decision, officer, other_officer):
    today = timezone.localdate()
    cases = [
        {"filed_on": today, "body": "  "},
        {"filed_on": today + dt.timedelta(days=1), "body": "东丽区人民政府"},
        {"filed_on": decision.decided_on - dt.timedelta(days=1), "body": "东丽区人民政府"},
    ]
    for bad in cases:
        with pytest.raises(ValidationError):
            services.record_remedy(actor=officer, decision=decision,
                                   kind=RemedyKind.RECONSIDERATION, **bad)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.record_remedy(actor=other_officer, decision=decision,
                               kind=RemedyKind.LITIGATION, filed_on=today, body="法院")  # fmt: skip
    remedy = services.record_remedy(actor=officer, decision=decision,
                                    kind=RemedyKind.LITIGATION, filed_on=today, body="法院")  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.record_remedy_outcome(actor=officer, remedy=remedy,
                                       outcome=RemedyOutcome.CHANGED, on=today, note=" ")  # fmt: skip
    assert "note" in error.value.message_dict
    remedy.refresh_from_db()
    assert remedy.is_open and Remedy.objects.count() == 1
    decision.refresh_from_db()
    assert decision.in_force


def test_the_decision_page_records_a_lawsuit_and_its_outcome(client, decision, officer):
    client.force_login(officer)
    url = reverse("workbench:decision", args=[decision.pk])
    today = timezone.localdate().isoformat()
    response = client.post(url, {"action": "remedy", "kind": "litigation", "filed_on": today,
                                 "body": "东丽区人民法院", "reference": "（2026）津0110行初7号"})  # fmt: skip
    assert response.status_code == 302
    remedy = Remedy.objects.get()
    page = client.get(url).content.decode()
    assert "（2026）津0110行初7号" in page and 'value="outcome"' in page
    # The page's forms share field names (on, note, kind, remedy…), never element ids.
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    response = client.post(url, {"action": "outcome", "remedy": remedy.pk, "outcome": "revoked",
                                 "on": today, "note": ""})  # fmt: skip
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    client.post(url, {"action": "outcome", "remedy": remedy.pk, "outcome": "confirmed_illegal",
                      "on": today, "note": "判决确认违法"})  # fmt: skip
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CONFIRMED_ILLEGAL


def test_a_transfer_to_the_judicial_organs_is_recorded_from_the_case_page(
    client, case, officer, other_officer
):
    client.force_login(officer)
    page = client.get(case.get_absolute_url()).content.decode()
    url = reverse("workbench:judicial-transfer", args=[case.pk])
    assert url in page
    today = timezone.localdate().isoformat()
    response = client.post(url, {"transferred_on": today, "organ": "天津市公安局东丽分局",
                                 "offence": ""})  # fmt: skip
    assert response.status_code == 200 and not JudicialTransfer.objects.exists()
    response = client.post(url, {"transferred_on": today, "organ": "天津市公安局东丽分局",
                                 "offence": "涉嫌非法经营罪", "reference": "东丽移〔2026〕1号"})  # fmt: skip
    assert response.status_code == 302
    transfer = JudicialTransfer.objects.get()
    assert transfer.ledger_seq is not None
    assert Entry.objects.filter(kind="case.judicial_transfer", subject=f"case:{case.pk}").exists()
    assert "涉嫌非法经营罪" in client.get(case.get_absolute_url()).content.decode()
    client.force_login(other_officer)
    assert client.get(url).status_code == 404


def test_a_licensing_decision_states_grant_or_refusal(passed, head):  # noqa: F811
    Case.objects.filter(pk=passed.pk).update(category=PowerCategory.LICENSING)
    passed.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.make_decision(actor=head, case=passed, data=data())
    assert "licensing_outcome" in error.value.message_dict
    decision = services.make_decision(
        actor=head, case=passed, data=data(licensing_outcome="refused")
    )
    assert decision.licensing_outcome == "refused"
    assert not Decision.objects.exclude(pk=decision.pk).exists()


def test_only_a_licensing_decision_has_a_licensing_outcome(passed, head):  # noqa: F811
    with pytest.raises(ValidationError):
        services.make_decision(actor=head, case=passed, data=data(licensing_outcome="granted"))
