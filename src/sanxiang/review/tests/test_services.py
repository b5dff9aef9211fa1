"""Services of legal review: applicability, submission, opinions, resubmission, disagreement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sanxiang.agencies.tests.factories import UserFactory
from sanxiang.cases import services as cases
from sanxiang.cases.choices import Procedure, Stage, Transition
from sanxiang.cases.tests.factories import open_case
from sanxiang.core.roles import Role
from sanxiang.ledger.models import Entry
from sanxiang.review import services
from sanxiang.review.choices import ItemResult, MaterialKind, OpinionKind, ReviewStatus, Settlement
from sanxiang.review.models import Review
from sanxiang.review.tests.builders import (
    NO,
    all_pass,
    materials,
    proposal,
    ready_case,
    submit,
    walk_to_notice,
)


def _text(excinfo) -> str:
    error = excinfo.value
    return " ".join(error.messages) if hasattr(error, "messages") else str(error)


def test_every_general_procedure_penalty_needs_review_with_its_reason(case, officer):
    case = walk_to_notice(case, officer)
    record = services.assess_applicability(actor=officer, case=case, answers=NO)
    assert record.required
    assert [r["code"] for r in record.reasons] == ["general_penalty"]


def test_a_criterion_answered_yes_is_a_recorded_reason(case, officer, settings):
    settings.REVIEW_ALL_GENERAL_PENALTIES = False
    record = services.assess_applicability(
        actor=officer, case=case, answers={**NO, "public_interest": True}
    )
    assert record.required
    assert "重大公共利益" in record.reasons[0]["text"]


def test_every_question_must_be_answered(case, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.assess_applicability(actor=officer, case=case, answers={"complex": True})
    assert "重大公共利益" in _text(excinfo)


def test_without_an_answer_or_a_rule_the_case_cannot_go_to_decision(case, officer, settings):
    settings.REVIEW_ALL_GENERAL_PENALTIES = False
    case = walk_to_notice(case, officer)
    with pytest.raises(ValidationError) as excinfo:
        cases.transition_case(actor=officer, case=case, transition=Transition.PREPARE_DECISION)
    assert "审核" in _text(excinfo)
    services.assess_applicability(actor=officer, case=case, answers=NO)
    case = cases.transition_case(actor=officer, case=case, transition=Transition.PREPARE_DECISION)
    assert case.stage == Stage.DECISION


def test_submitting_before_the_investigation_ends_is_refused(case, officer):
    services.assess_applicability(actor=officer, case=case, answers=NO)
    with pytest.raises(ValidationError) as excinfo:
        submit(case, officer)
    assert "调查" in _text(excinfo)
    assert not Review.objects.exists()


def test_incomplete_materials_are_refused_naming_what_is_missing(case, officer):
    case = ready_case(case, officer)
    with pytest.raises(ValidationError) as excinfo:
        services.submit_for_review(
            actor=officer, case=case, proposal=proposal(),
            materials=[m for m in materials() if m.kind != MaterialKind.INVESTIGATION_REPORT],
            responsibility_confirmed=True,
        )  # fmt: skip
    assert "调查终结报告" in _text(excinfo)
    case.refresh_from_db()
    assert case.stage == Stage.DEFENCE and not Review.objects.exists()


def test_the_handling_unit_must_confirm_its_responsibility(case, officer):
    case = ready_case(case, officer)
    with pytest.raises(ValidationError):
        services.submit_for_review(
            actor=officer, case=case, proposal=proposal(), materials=materials(),
            responsibility_confirmed=False,
        )  # fmt: skip


def test_a_submission_is_due_in_five_working_days_and_in_the_ledger(case, officer):
    case = ready_case(case, officer)
    review = submit(case, officer)
    case.refresh_from_db()
    assert case.stage == Stage.LEGAL_REVIEW
    assert review.due_on > review.accepted_on
    assert Entry.objects.filter(kind="review.submitted", subject=f"case:{case.pk}").exists()
    assert review.checklist.count() == 8


def test_a_reviewer_never_reviews_a_case_they_handled(case, officer):
    from sanxiang.review.tests.builders import make_reviewer

    officer.groups.add(*UserFactory(roles=[Role.REVIEWER]).groups.all())
    del officer.roles
    make_reviewer(officer)
    review = submit(ready_case(case, officer), officer)
    with pytest.raises(PermissionDenied) as excinfo:
        services.give_opinion(
            actor=officer, review=review, kind=OpinionKind.AGREE, marks=all_pass()
        )
    assert "承办" in _text(excinfo)


def test_an_opinion_other_than_agree_needs_its_reasons(case, officer, reviewer, reviewer_record):
    review = submit(ready_case(case, officer), officer)
    for kind in (OpinionKind.REVISE, OpinionKind.DISAGREE, OpinionKind.SUPPLEMENT):
        with pytest.raises(ValidationError):
            services.give_opinion(actor=reviewer, review=review, kind=kind, marks=all_pass())
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING and not review.opinions.exists()


def test_agreeing_with_a_problem_marked_is_refused(case, officer, reviewer, reviewer_record):
    review = submit(ready_case(case, officer), officer)
    marks = {**all_pass(), "facts": (ItemResult.PROBLEM, "证据不足")}
    with pytest.raises(ValidationError):
        services.give_opinion(actor=reviewer, review=review, kind=OpinionKind.AGREE, marks=marks)


def test_return_then_resubmission_keeps_both_versions_and_passes(
    case, officer, reviewer, reviewer_record
):
    first = submit(ready_case(case, officer), officer)
    services.give_opinion(actor=reviewer, review=first, kind=OpinionKind.SUPPLEMENT,
                          text="请补充现场照片")  # fmt: skip
    case.refresh_from_db()
    assert case.stage == Stage.PROPOSAL
    with pytest.raises(ValidationError):
        submit(case, officer)  # says nothing of what was revised
    second = submit(case, officer, note="补充了现场照片")
    first.refresh_from_db()
    assert (first.status, second.version, second.previous) == (ReviewStatus.SUPERSEDED, 2, first)
    services.give_opinion(actor=reviewer, review=second, kind=OpinionKind.AGREE, marks=all_pass())
    case.refresh_from_db()
    assert case.stage == Stage.DECISION


def test_an_engaged_lawyer_reviews_only_when_assigned(case, officer, head, lawyer):
    review = submit(ready_case(case, officer), officer)
    with pytest.raises(PermissionDenied):
        services.give_opinion(actor=lawyer, review=review, kind=OpinionKind.AGREE, marks=all_pass())
    services.assign_reviewer(actor=head, review=review, reviewer=lawyer.legal_reviewer)
    services.give_opinion(actor=lawyer, review=review, kind=OpinionKind.AGREE, marks=all_pass())
    review.refresh_from_db()
    assert review.status == ReviewStatus.PASSED


def test_a_first_time_reviewer_needs_the_legal_qualification(case, officer, reviewer):
    from sanxiang.review.tests.builders import make_reviewer

    make_reviewer(reviewer, qualification="")
    review = submit(ready_case(case, officer), officer)
    with pytest.raises(PermissionDenied) as excinfo:
        services.give_opinion(
            actor=reviewer, review=review, kind=OpinionKind.AGREE, marks=all_pass()
        )
    assert "法律职业资格" in _text(excinfo)


def test_the_head_extends_the_review_period_with_a_reason(case, officer, head):
    review = submit(ready_case(case, officer), officer)
    due = review.due_on
    with pytest.raises(ValidationError):
        services.extend_review(actor=head, review=review, days=3, reason=" ")
    services.extend_review(actor=head, review=review, days=3, reason="案情复杂，需调取银行流水")
    review.refresh_from_db()
    assert review.due_on > due


def test_a_disagreement_goes_through_consultation_to_the_head(
    case, officer, reviewer, reviewer_record, head
):
    review = submit(ready_case(case, officer), officer)
    services.give_opinion(actor=reviewer, review=review, kind=OpinionKind.DISAGREE,
                          text="违法主体认定错误", marks=all_pass())  # fmt: skip
    with pytest.raises(ValidationError):
        services.dispute_opinion(
            actor=officer, review=review, reasons="主体认定正确", legal_basis=""
        )
    services.dispute_opinion(actor=officer, review=review, reasons="主体认定正确",
                             legal_basis="《行政处罚法》第四条")  # fmt: skip
    with pytest.raises(ValidationError):
        services.escalate_disagreement(actor=officer, review=review)  # no consultation yet
    services.record_consultation(actor=reviewer, review=review, note="双方意见未能统一")
    services.escalate_disagreement(actor=officer, review=review)
    with pytest.raises(PermissionDenied):
        services.settle_disagreement(actor=officer, review=review,
                                     settlement=Settlement.FOR_HANDLER, reasons="x")  # fmt: skip
    services.settle_disagreement(actor=head, review=review, settlement=Settlement.FOR_HANDLER,
                                 reasons="经研究，承办机构意见成立")  # fmt: skip
    review.refresh_from_db()
    case.refresh_from_db()
    assert review.status == ReviewStatus.SETTLED_PASS and case.stage == Stage.DECISION
    kinds = set(Entry.objects.filter(subject=f"case:{case.pk}").values_list("kind", flat=True))
    assert {"review.disputed", "review.consulted", "review.escalated", "review.settled"} <= kinds


def test_a_summary_case_needs_no_review(officer, partner, power_item):
    case = open_case(officer, power_item, partner, procedure=Procedure.SUMMARY)
    from sanxiang.review.rules import verdict_for

    assert verdict_for(case).required is False


def test_a_review_date_cannot_precede_the_notice_period(case, officer):
    case = walk_to_notice(case, officer, on=dt.date.today())
    assert case.notified_on == dt.date.today()
    assert Decimal("1") > 0
