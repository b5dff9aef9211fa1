"""No decision beyond the limits on punishing (行政处罚法 第三十条、第三十一条、第三十六条),
through every door: the service, the head's form and the management command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document as WordDocument

from sanxiang.agencies.tests.factories import make_resident_id
from sanxiang.cases import services as cases
from sanxiang.cases import statemachine
from sanxiang.cases.choices import Mitigation, Responsibility, Transition
from sanxiang.cases.limits import ViolationData, add_years
from sanxiang.cases.tests.factories import open_case, person
from sanxiang.decisions import services
from sanxiang.decisions.models import Decision
from sanxiang.decisions.tests.test_services import data
from sanxiang.ledger.store import open_blob_by_hash
from sanxiang.review import services as review
from sanxiang.review.tests.builders import NO, walk_to_notice

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def _no_review(settings):
    settings.REVIEW_ALL_GENERAL_PENALTIES = False


def _to_decision(case, officer):
    case = walk_to_notice(case, officer)
    review.assess_applicability(actor=officer, case=case, answers=NO)
    return cases.transition_case(actor=officer, case=case, transition=Transition.PREPARE_DECISION)


def _aged(age: int, officer, partner, power_item, n: int = 41):
    violation_on = TODAY - dt.timedelta(days=10)
    minor = person(name="小明", id_number=make_resident_id(n, birth=add_years(violation_on, -age)))
    return _to_decision(open_case(officer, power_item, partner, parties=[minor]), officer)


def test_no_penalty_on_a_child_under_14_and_the_case_can_only_be_terminated(
    officer, partner, power_item, head
):
    case = _aged(13, officer, partner, power_item)
    with pytest.raises(ValidationError) as excinfo:
        services.make_decision(actor=head, case=case, data=data())
    message = " ".join(excinfo.value.messages)
    assert "penalty.minors" in message and "不满十四周岁" in message
    assert not Decision.objects.exists()
    case = cases.transition_case(actor=head, case=case, transition=Transition.TERMINATE,
                                 reason="违法时不满十四周岁，不予行政处罚，已责令监护人加以管教。")  # fmt: skip
    assert case.closed_on is not None


def test_a_minor_of_14_to_18_is_decided_only_with_the_mitigation_recorded(
    officer, partner, power_item, head
):
    case = _aged(16, officer, partner, power_item)
    with pytest.raises(ValidationError) as excinfo:
        services.make_decision(actor=head, case=case, data=data())
    assert "penalty.minors" in " ".join(excinfo.value.messages)
    assert "mitigation" in excinfo.value.message_dict
    with pytest.raises(ValidationError, match="理由"):
        services.make_decision(actor=head, case=case, data=data(mitigation=Mitigation.LIGHTER))
    decision = services.make_decision(actor=head, case=case, data=data(
        mitigation=Mitigation.REDUCED, mitigation_reasoning="违法时16周岁，初次违法，减轻处罚。"))  # fmt: skip
    assert decision.mitigation == Mitigation.REDUCED and "16周岁" in decision.mitigation_reasoning
    with open_blob_by_hash(decision.document.digest) as handle:
        text = "\n".join(p.text for p in WordDocument(io.BytesIO(handle.read())).paragraphs)
    assert "依法减轻处罚（违法时16周岁，初次违法，减轻处罚）" in text


def test_no_penalty_once_the_limitation_period_had_run_when_the_case_was_filed(case, officer, head):
    case = cases.record_violation(
        actor=officer, case=case, violation=ViolationData(committed_on=add_years(TODAY, -3))
    )
    case = _to_decision(case, officer)
    with pytest.raises(ValidationError) as excinfo:
        services.make_decision(actor=head, case=case, data=data())
    assert "penalty.limitation" in " ".join(excinfo.value.messages)
    # The case page shows the reason beside the decision step (its registered guard).
    reasons = " ".join(statemachine.guard_reasons(case, Transition.MAKE_DECISION))
    assert "penalty.limitation" in reasons


def test_no_penalty_on_a_party_found_without_capacity(case, officer, head):
    case = cases.record_violation(
        actor=officer, case=case, violation=ViolationData(committed_on=case.violation_on),
        responsibility=Responsibility.NOT_LIABLE, responsibility_basis="司法鉴定意见书",
    )  # fmt: skip
    case = _to_decision(case, officer)
    with pytest.raises(ValidationError, match=r"penalty\.incapacity"):
        services.make_decision(actor=head, case=case, data=data())


def test_the_command_and_the_form_refuse_with_the_same_words(officer, partner, power_item, head,
                                                            client):  # fmt: skip
    case = _aged(13, officer, partner, power_item)
    with pytest.raises(CommandError) as excinfo:
        call_command("make_decision", case=case.number, user=head.username, facts="f",
                     content="c", legal_basis="b", penalty=["warning"])  # fmt: skip
    assert "不满十四周岁" in str(excinfo.value) and "penalty.minors" in str(excinfo.value)
    client.force_login(head)
    url = reverse("workbench:decision-new", kwargs={"case_id": case.pk})
    page = client.get(url).content.decode()
    assert "不满十四周岁" in page and "penalty.minors" in page
    response = client.post(url, {"facts": "f", "content": "c", "legal_basis": "b",
                                 "penalty_types": ["warning"]})  # fmt: skip
    assert response.status_code == 200 and "penalty.minors" in response.content.decode()
    assert not Decision.objects.exists()
