"""Services of decisions: the review gate on every door, service, payments, later changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from sanxiang.cases import services as cases
from sanxiang.cases.choices import ServiceMethod, Stage, Transition
from sanxiang.decisions import services
from sanxiang.decisions.choices import DecisionStatus, PaymentChannel, PaymentStatus, PenaltyType
from sanxiang.decisions.models import Decision
from sanxiang.ledger.models import Entry
from sanxiang.review import services as review
from sanxiang.review.choices import OpinionKind
from sanxiang.review.tests.builders import NO, all_pass, ready_case, submit


def data(fine: str | None = "2000", **kwargs) -> services.DecisionData:
    return services.DecisionData(
        facts="当事人于万新街成林道占道经营。", content="罚款人民币二千元。",
        legal_basis="《天津市市容和环境卫生管理条例》第六十一条",
        penalty_types=[PenaltyType.FINE] if fine else [PenaltyType.WARNING],
        fine=Decimal(fine) if fine else None, discretion_reasoning="一般情节", **kwargs,
    )  # fmt: skip


@pytest.fixture
def passed(case, officer, reviewer, reviewer_record):
    item = submit(ready_case(case, officer), officer)
    review.give_opinion(actor=reviewer, review=item, kind=OpinionKind.AGREE, marks=all_pass())
    case.refresh_from_db()
    return case


def test_the_head_decides_after_review_passes_and_the_ledger_records_it(passed, head):
    decision = services.make_decision(actor=head, case=passed, data=data())
    passed.refresh_from_db()
    assert passed.stage == Stage.SERVICE and passed.decided_on == timezone.localdate()
    assert decision.review is not None and decision.review_required
    assert decision.number.startswith("万新街罚决〔")
    assert decision.payment_status == PaymentStatus.UNPAID
    assert Entry.objects.filter(kind="decision.made", subject=f"case:{passed.pk}").exists()


def test_no_decision_while_review_is_pending(case, officer, head):
    submit(ready_case(case, officer), officer)
    with pytest.raises(ValidationError):
        services.make_decision(actor=head, case=case, data=data())
    assert not Decision.objects.exists()


def test_the_case_page_door_refuses_the_decision(passed, head):
    with pytest.raises(ValidationError):
        cases.transition_case(actor=head, case=passed, transition=Transition.MAKE_DECISION)
    passed.refresh_from_db()
    assert passed.stage == Stage.DECISION and not Decision.objects.exists()


def test_the_database_refuses_a_decision_row_without_its_required_review(passed, head):
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            case=passed, agency=passed.agency, number="X", category="penalty", facts="f",
            content="c", legal_basis="b", decided_on=timezone.localdate(), decided_by=head,
            review_required=True, review=None, created_at=timezone.now(),
        )  # fmt: skip


def test_the_management_command_goes_through_the_gate(case, officer, head):
    submit(ready_case(case, officer), officer)
    with pytest.raises(Exception) as excinfo:
        call_command("make_decision", case=case.number, user=head.username, facts="f",
                     content="警告", legal_basis="b", penalty="warning")  # fmt: skip
    assert "法制审核" in str(excinfo.value)
    assert "penalty.review_gate" in str(excinfo.value)
    assert not Decision.objects.exists()


def test_a_decision_heavier_than_the_reviewed_proposal_needs_a_new_review(passed, head):
    with pytest.raises(ValidationError) as excinfo:
        services.make_decision(actor=head, case=passed, data=data("5000"))
    assert "重新送法制审核" in " ".join(excinfo.value.messages)


def test_only_the_head_decides(passed, officer):
    with pytest.raises(PermissionDenied):
        services.make_decision(actor=officer, case=passed, data=data())


def test_a_case_without_review_required_goes_straight_to_decision(case, officer, head, settings):
    settings.REVIEW_ALL_GENERAL_PENALTIES = False
    from sanxiang.review.tests.builders import walk_to_notice

    case = walk_to_notice(case, officer)
    review.assess_applicability(actor=officer, case=case, answers=NO)
    case = cases.transition_case(actor=officer, case=case, transition=Transition.PREPARE_DECISION)
    decision = services.make_decision(actor=head, case=case, data=data(None))
    assert decision.review is None and not decision.review_required


def test_service_payment_and_revocation(passed, head, officer):
    decision = services.make_decision(actor=head, case=passed, data=data())
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.serve_decision(actor=officer, decision=decision, method=ServiceMethod.ELECTRONIC,
                                served_on=today, recipient="张三")  # fmt: skip
    services.serve_decision(actor=officer, decision=decision, method=ServiceMethod.DIRECT,
                            served_on=today, recipient="张三")  # fmt: skip
    passed.refresh_from_db()
    assert passed.stage == Stage.EXECUTION and passed.served_on == today
    services.record_payment(actor=officer, decision=decision, amount=Decimal("500"), paid_on=today,
                            channel=PaymentChannel.BANK, receipt_number="1200001")  # fmt: skip
    decision.refresh_from_db()
    assert decision.payment_status == PaymentStatus.PART_PAID
    with pytest.raises(ValidationError):
        services.record_payment(actor=officer, decision=decision, amount=Decimal("1501"),
                                paid_on=today, channel=PaymentChannel.BANK, receipt_number="2")  # fmt: skip
    services.record_payment(actor=officer, decision=decision, amount=Decimal("1500"), paid_on=today,
                            channel=PaymentChannel.NON_TAX, receipt_number="1200002")  # fmt: skip
    decision.refresh_from_db()
    assert decision.payment_status == PaymentStatus.PAID
    services.change_decision_status(actor=head, decision=decision, status=DecisionStatus.REVOKED,
                                    reason="复议撤销", basis="东丽政复决字〔2026〕3号", on=today)  # fmt: skip
    decision.refresh_from_db()
    assert not decision.in_force
    assert Entry.objects.filter(kind="decision.status_changed").exists()


def test_collective_discussion_is_required_for_heavy_penalties(passed, head):
    with pytest.raises(ValidationError):
        services.make_decision(
            actor=head, case=passed,
            data=services.DecisionData(facts="f", content="c", legal_basis="b",
                                       penalty_types=[PenaltyType.SUSPEND_BUSINESS]),
        )  # fmt: skip
    assert dt.date.today()


def test_the_gate_holds_when_the_rules_change_after_the_case_reached_decision(
    case, officer, head, settings
):
    from sanxiang.review.tests.builders import walk_to_notice

    settings.REVIEW_ALL_GENERAL_PENALTIES = False
    case = walk_to_notice(case, officer)
    review.assess_applicability(actor=officer, case=case, answers=NO)
    case = cases.transition_case(actor=officer, case=case, transition=Transition.PREPARE_DECISION)
    settings.REVIEW_ALL_GENERAL_PENALTIES = True
    with pytest.raises(Exception) as excinfo:
        call_command("make_decision", case=case.number, user=head.username, facts="f",
                     content="警告", legal_basis="b", penalty="warning")  # fmt: skip
    assert "法制审核" in str(excinfo.value)
    assert not Decision.objects.exists()
