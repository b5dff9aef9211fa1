"""The checklist's procedure pre-check reads the same rules as make_decision (cases.procedure):
a submission inside the statement period, with no statement or waiver, is a problem naming
the rule; one after the party was heard passes."""

from __future__ import annotations

from sanxiang.review import checklist, services
from sanxiang.review.choices import ItemResult
from sanxiang.review.tests.builders import NO, submit, walk_to_notice


def _procedure_item(case, officer):
    services.assess_applicability(actor=officer, case=case, answers=NO)
    review = submit(case, officer)
    return checklist.procedure(case, review)


def test_a_submission_before_the_party_was_heard_is_a_problem_naming_the_rule(case, officer):
    """Rule "penalty.statement.heard" read by the review checklist."""
    result, findings = _procedure_item(walk_to_notice(case, officer, heard=False), officer)
    assert result == ItemResult.PROBLEM
    assert any("penalty.statement.heard" in str(f) for f in findings)


def test_a_submission_after_the_statement_passes_the_notice_check(case, officer):
    _result, findings = _procedure_item(walk_to_notice(case, officer), officer)
    assert not any("penalty." in str(f) for f in findings)
    assert any("事先告知" in str(f) for f in findings)


def test_the_hearing_right_the_notice_did_not_tell_is_a_problem(case, officer):
    """Rule "penalty.hearing.right": a review proposal heavier than the notice's hearing-free
    one needs the hearing right told (and a new notice)."""
    case = walk_to_notice(case, officer, fine="2000")
    services.assess_applicability(actor=officer, case=case, answers=NO)
    review = submit(case, officer, fine="20000")
    result, findings = checklist.procedure(case, review)
    text = " ".join(str(f) for f in findings)
    assert result == ItemResult.PROBLEM
    assert "penalty.hearing.right" in text and "penalty.statement.no_heavier" in text
