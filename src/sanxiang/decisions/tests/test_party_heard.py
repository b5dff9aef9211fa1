"""No decision before the party is told and heard (行政处罚法 第四十四、四十五、六十二至六十五条),
refused with the same message through every door: service, command and workbench."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from sanxiang.cases import hearings, party_rights
from sanxiang.cases.choices import ResponseKind, Stage
from sanxiang.decisions import services
from sanxiang.decisions.choices import PenaltyType
from sanxiang.decisions.models import Decision
from sanxiang.review import services as review
from sanxiang.review.choices import OpinionKind
from sanxiang.review.tests.builders import all_pass, ready_case, submit


def data(fine: str = "2000", types=(PenaltyType.FINE,)) -> services.DecisionData:
    return services.DecisionData(
        facts="当事人于万新街成林道占道经营。", content="罚款。", legal_basis="《条例》第六十一条",
        penalty_types=list(types), fine=Decimal(fine),
    )  # fmt: skip


def _passed(case, officer, reviewer, *, heard: bool, fine: str = "2000"):
    from sanxiang.review.tests.builders import NO, walk_to_notice

    case = walk_to_notice(case, officer, fine=fine, heard=heard)
    review.assess_applicability(actor=officer, case=case, answers=NO)
    item = submit(case, officer, fine=fine)
    review.give_opinion(actor=reviewer, review=item, kind=OpinionKind.AGREE, marks=all_pass())
    case.refresh_from_db()
    assert case.stage == Stage.DECISION
    return case


@pytest.fixture
def unheard(case, officer, reviewer, reviewer_record):
    """Review passed on the day of the notice; the party has not spoken nor waived."""
    return _passed(case, officer, reviewer, heard=False)


def test_the_service_refuses_a_decision_in_the_statement_period(unheard, head):
    """Rule "penalty.statement.heard" through make_decision."""
    with pytest.raises(ValidationError) as excinfo:
        services.make_decision(actor=head, case=unheard, data=data())
    assert "penalty.statement.heard" in " ".join(excinfo.value.messages)
    assert "第六十二条" in " ".join(excinfo.value.messages)
    assert not Decision.objects.exists()


def test_the_command_refuses_it_with_the_same_message(unheard, head):
    with pytest.raises(ValidationError) as service_error:
        services.make_decision(actor=head, case=unheard, data=data())
    with pytest.raises(CommandError) as excinfo:
        call_command("make_decision", case=unheard.number, user=head.username, facts="f",
                     content="罚款", legal_basis="b", penalty="fine", fine="2000")  # fmt: skip
    assert " ".join(service_error.value.messages) in str(excinfo.value)


def test_the_workbench_refuses_it_and_shows_why(client, unheard, head):
    client.force_login(head)
    url = reverse("workbench:decision-new", args=[unheard.pk])
    page = client.get(url).content.decode()
    assert "penalty.statement.heard" in page
    response = client.post(url, {"facts": "f", "content": "罚款", "legal_basis": "b",
                                 "penalty_types": ["fine"], "fine": "2000"})  # fmt: skip
    assert response.status_code == 200
    assert "penalty.statement.heard" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_written_waiver_lets_the_head_decide_at_once(unheard, officer, head):
    hearings.record_response(actor=officer, case=unheard, kind=ResponseKind.WAIVER,
                             on=timezone.localdate(), content="当事人书面放弃陈述申辩。")  # fmt: skip
    assert services.make_decision(actor=head, case=unheard, data=data()).pk


def test_a_decision_dated_before_the_notice_is_refused(unheard, officer, head):
    """Rule "penalty.statement.after_notice" through make_decision."""
    hearings.record_response(actor=officer, case=unheard, kind=ResponseKind.WAIVER,
                             on=timezone.localdate(), content="放弃。")  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        services.make_decision(
            actor=head, case=unheard, data=data(), on=timezone.localdate() - dt.timedelta(days=1)
        )
    assert "penalty.statement.after_notice" in " ".join(excinfo.value.messages)


def test_a_decision_heavier_than_the_notice_is_refused(case, officer, reviewer, reviewer_record,
                                                       head, settings):  # fmt: skip
    """Rule "penalty.statement.no_heavier" (第四十五条), even where review would allow it."""
    settings.REVIEW_ALL_GENERAL_PENALTIES = True
    item = submit(ready_case(case, officer, fine="1000"), officer, fine="3000")
    review.give_opinion(actor=reviewer, review=item, kind=OpinionKind.AGREE, marks=all_pass())
    case.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.make_decision(actor=head, case=case, data=data(fine="3000"))
    assert "penalty.statement.no_heavier" in " ".join(excinfo.value.messages)
    assert services.make_decision(actor=head, case=case, data=data(fine="1000")).pk


def test_a_requested_hearing_must_be_held_before_the_decision(case, officer, reviewer,
                                                              reviewer_record, head):  # fmt: skip
    """Rule "penalty.hearing.held" through make_decision (第六十三条、第六十五条)."""
    case = _passed(case, officer, reviewer, heard=False, fine="20000")
    notice = party_rights.latest_notice(case)
    assert notice is not None and notice.hearing_right
    hearings.record_response(actor=officer, case=case, kind=ResponseKind.HEARING_REQUEST,
                             on=notice.notified_on)  # fmt: skip
    hearings.record_response(actor=officer, case=case, kind=ResponseKind.STATEMENT,
                             on=notice.notified_on, content="有异议，要求听证。")  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        services.make_decision(actor=head, case=case, data=data(fine="20000"))
    assert "penalty.hearing.held" in " ".join(excinfo.value.messages)
