"""Property: no sequence of actions through the services reaches a decision without a required
passing review (行政处罚法 第五十八条), beyond the limitation period (第三十六条), against a child
under 14 or without the mitigation due to a minor of 14 to 18 (第三十条), or against a party
found without capacity (第三十一条). Hypothesis drives random action sequences."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from sanxiang.agencies.tests.factories import make_resident_id
from sanxiang.cases import limits
from sanxiang.cases import services as cases
from sanxiang.cases.choices import Mitigation, Procedure, Responsibility, Transition
from sanxiang.cases.limits import ViolationData, add_years
from sanxiang.decisions import services as decisions
from sanxiang.decisions.choices import PenaltyType
from sanxiang.decisions.models import Decision
from sanxiang.review import services as review
from sanxiang.review.choices import OpinionKind, ReviewStatus, Settlement
from sanxiang.review.gate import latest_review
from sanxiang.review.rules import verdict_for
from sanxiang.review.tests.builders import NO, all_pass, materials, proposal

ACTIONS = [
    "step", "step", "step", "step", "assess_no", "assess_yes", "submit", "agree", "revise", "supplement", "dispute",
    "consult", "escalate", "settle_handler", "settle_reviewer", "prepare", "case_make",
    "decide", "decide_heavier", "decide_mitigated", "record_late_violation",
    "record_no_capacity", "terminate", "to_decision", "to_decision",
]  # fmt: skip
STEPS = [Transition.START_INVESTIGATION, Transition.CONCLUDE_INVESTIGATION,
         Transition.NOTIFY_PARTY, Transition.OPEN_DEFENCE]  # fmt: skip


def _act(name, case, people):
    officer, reviewer, head = people["officer"], people["reviewer"], people["head"]
    item = latest_review(case)
    if name == "step":
        for transition in STEPS:
            try:
                cases.transition_case(actor=officer, case=case, transition=transition)
                return
            except ValidationError:
                continue
    elif name in ("assess_no", "assess_yes"):
        answers = {**NO, "complex": name == "assess_yes"}
        review.assess_applicability(actor=officer, case=case, answers=answers)
    elif name == "submit":
        review.submit_for_review(actor=officer, case=case, proposal=proposal(),
                                 materials=materials(), responsibility_confirmed=True,
                                 revision_note="修改")  # fmt: skip
    elif name in ("agree", "revise", "supplement") and item:
        kind = {"agree": OpinionKind.AGREE, "revise": OpinionKind.REVISE,
                "supplement": OpinionKind.SUPPLEMENT}[name]  # fmt: skip
        review.give_opinion(actor=reviewer, review=item, kind=kind, text="理由", marks=all_pass())
    elif name == "dispute" and item:
        review.dispute_opinion(actor=officer, review=item, reasons="理由", legal_basis="依据")
    elif name == "consult" and item:
        review.record_consultation(actor=reviewer, review=item, note="协商未果")
    elif name == "escalate" and item:
        review.escalate_disagreement(actor=officer, review=item)
    elif name in ("settle_handler", "settle_reviewer") and item:
        outcome = Settlement.FOR_HANDLER if name == "settle_handler" else Settlement.FOR_REVIEWER
        review.settle_disagreement(actor=head, review=item, settlement=outcome, reasons="理由")
    elif name == "prepare":
        cases.transition_case(actor=officer, case=case, transition=Transition.PREPARE_DECISION)
    elif name == "case_make":
        cases.transition_case(actor=head, case=case, transition=Transition.MAKE_DECISION)
    elif name in ("decide", "decide_heavier", "decide_mitigated"):
        fine = Decimal("9000" if name == "decide_heavier" else "2000")
        mitigated = name == "decide_mitigated"
        decisions.make_decision(actor=head, case=case, data=decisions.DecisionData(
            facts="f", content="c", legal_basis="b", penalty_types=[PenaltyType.FINE], fine=fine,
            collective_discussion="集体讨论记录", mitigation=Mitigation.LIGHTER if mitigated else "",
            mitigation_reasoning="未成年，从轻" if mitigated else "",
        ))  # fmt: skip
    elif name == "to_decision":  # the whole lawful path to the head, through the services
        for transition in STEPS:
            with contextlib.suppress(ValidationError):
                case = cases.transition_case(actor=officer, case=case, transition=transition)
        review.assess_applicability(actor=officer, case=case, answers=NO)
        if verdict_for(case).required:
            item = review.submit_for_review(
                actor=officer, case=case, proposal=proposal(), materials=materials(),
                responsibility_confirmed=True, revision_note="修改",
            )  # fmt: skip
            review.give_opinion(actor=reviewer, review=item, kind=OpinionKind.AGREE, text="同意",
                                marks=all_pass())  # fmt: skip
        else:
            cases.transition_case(actor=officer, case=case, transition=Transition.PREPARE_DECISION)
    elif name == "record_late_violation":
        cases.record_violation(actor=officer, case=case, violation=ViolationData(
            committed_on=add_years(case.filed_on, -3)))  # fmt: skip
    elif name == "record_no_capacity":
        cases.record_violation(
            actor=officer, case=case, violation=ViolationData(committed_on=case.violation_on),
            responsibility=Responsibility.NOT_LIABLE, responsibility_basis="鉴定意见",
        )  # fmt: skip
    elif name == "terminate":
        cases.transition_case(
            actor=head, case=case, transition=Transition.TERMINATE, reason="不予处罚"
        )


@pytest.mark.django_db
@hypothesis_settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(actions=st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=18),
       all_general=st.booleans(), age=st.sampled_from([None, 9, 13, 14, 16, 17, 18, 40]),
       days_before=st.sampled_from([0, 10, 729, 730, 731, 1000]),
       # Half the sequences end by trying to decide, so the limits are tried at the decision.
       ending=st.sampled_from([[], [], ["to_decision", "decide"],
                               ["to_decision", "decide_mitigated"]]))  # fmt: skip
def test_no_path_reaches_a_decision_without_a_required_passing_review(
    actions, all_general, age, days_before, ending, officer, partner, power_item, reviewer, head,
    settings,
):  # fmt: skip
    from sanxiang.cases.tests.factories import open_case, person
    from sanxiang.review.tests.builders import make_reviewer

    settings.REVIEW_ALL_GENERAL_PENALTIES = all_general
    if not hasattr(reviewer, "legal_reviewer"):
        make_reviewer(reviewer)
    filed_on = dt.date.today()
    violation_on = filed_on - dt.timedelta(days=days_before)
    parties = None
    if age is not None:  # a natural person of ``age`` on the day of the violation
        birth = add_years(violation_on, -age)
        parties = [person(name="当事人", id_number=make_resident_id(age, birth=birth))]
    try:
        case = open_case(officer, power_item, partner, parties=parties,
                         violation_data=ViolationData(committed_on=violation_on))  # fmt: skip
    except ValidationError as error:  # only a violation out of time is refused at filing
        assert "penalty.limitation" in " ".join(error.messages)
        assert filed_on > add_years(violation_on, 2)
        return
    people = {"officer": officer, "reviewer": reviewer, "head": head}
    for name in [*actions, *ending]:
        with contextlib.suppress(ValidationError, PermissionDenied):
            _act(name, case, people)
        case.refresh_from_db()
    event("decided" if case.decided_on else "undecided")
    for decision in Decision.objects.filter(case=case):
        verdict = verdict_for(case)
        if decision.review_required or verdict.required:
            assert decision.review is not None
            assert decision.review.status in (ReviewStatus.PASSED, ReviewStatus.SETTLED_PASS)
            assert decision.review == latest_review(case)
            assert decision.fine_amount <= decision.review.proposed_fine
        # 行政处罚法 第三十六条: found (filed) within the period, from the act it was decided on.
        assert case.violation_on is not None
        assert case.filed_on <= add_years(case.violation_on, 2)
        # 第三十条、第三十一条: never a child, never without capacity, a minor mitigated.
        ages = [a for _party, a in limits.ages_at_violation(case)]
        assert all(a >= 14 for a in ages)
        assert case.responsibility != Responsibility.NOT_LIABLE
        if any(a < 18 for a in ages):
            assert decision.mitigation and decision.mitigation_reasoning
    assert case.decided_on is None or Decision.objects.filter(case=case).exists()


# --- The summary procedure (行政处罚法 第五十一条、第五十二条) -------------------------------

_OUTSIDERS = itertools.count()
SUMMARY_ACTIONS = ["spot", "decide", "decide", "decide", "change", "override", "step"]
AMOUNTS = ["1", "199", "200", "201", "500", "2999", "3000", "3001", "50000"]
PENALTY_SETS = [
    [PenaltyType.FINE], [PenaltyType.WARNING], [PenaltyType.WARNING, PenaltyType.FINE],
    [PenaltyType.REVOKE_LICENCE], [PenaltyType.FINE, PenaltyType.CONFISCATE_PROPERTY],
    [PenaltyType.SUSPEND_BUSINESS],
]  # fmt: skip


def _summary_act(name, case, people, draw):
    actor = people[draw(st.sampled_from(["officer", "partner", "head", "outsider"]))]
    if name == "spot":
        cases.transition_case(actor=actor, case=case, transition=Transition.DECIDE_ON_THE_SPOT)
    elif name == "step":
        cases.transition_case(actor=actor, case=case, transition=Transition.START_INVESTIGATION)
    elif name == "change":
        cases.change_procedure(actor=actor, case=case, reason=draw(st.sampled_from(["", "超限"])))
    elif name == "override":
        cases.set_summary_limit(
            actor=actor, power_item=case.power_item,
            person_limit=Decimal(draw(st.sampled_from(["150", "500"]))), organisation_limit=None,
            legal_basis=draw(st.sampled_from(["", "《天津市某条例》第三条",
                                              "《中华人民共和国道路交通安全法》第一百零七条"])),
        )  # fmt: skip
    elif name == "decide":
        penalties = draw(st.sampled_from(PENALTY_SETS))
        amount = Decimal(draw(st.sampled_from(AMOUNTS)))
        decisions.make_decision(actor=actor, case=case, data=decisions.DecisionData(
            facts="f", content="c", legal_basis="b", penalty_types=penalties,
            fine=amount if PenaltyType.FINE in penalties else None,
            collective_discussion=draw(st.sampled_from(["", "集体讨论记录"])),
        ))  # fmt: skip


@pytest.mark.django_db
@hypothesis_settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(actions=st.lists(st.sampled_from(SUMMARY_ACTIONS), min_size=1, max_size=8),
       organisation=st.booleans(), data=st.data())  # fmt: skip
def test_no_path_yields_a_summary_decision_outside_the_limits(
    actions, organisation, data, officer, partner, power_item, head, wanxin, urban
):
    """ "penalty.summary.scope", "penalty.summary.law_override",
    "penalty.summary.officers_decide": whatever the order and whoever acts."""
    from sanxiang.cases.models import SummaryLimit
    from sanxiang.cases.procedure import SUMMARY_PENALTIES
    from sanxiang.cases.tests.factories import company, open_case, person, qualified_officer_user

    SummaryLimit.objects.filter(power_item=power_item).delete()
    outsider = qualified_officer_user(wanxin, urban, f"outsider{next(_OUTSIDERS)}")
    parties = [company()] if organisation else [person()]
    case = open_case(officer, power_item, partner, procedure=Procedure.SUMMARY, parties=parties)
    people = {"officer": officer, "partner": partner, "head": head, "outsider": outsider}
    for name in actions:
        with contextlib.suppress(ValidationError, PermissionDenied):
            _summary_act(name, case, people, data.draw)
        case.refresh_from_db()
    for decision in Decision.objects.filter(case=case):
        if case.procedure != Procedure.SUMMARY:
            assert decision.decided_by == head  # a general decision stays the head's
            continue
        event("summary decision")
        assert set(decision.penalty_types) <= SUMMARY_PENALTIES
        override = SummaryLimit.objects.filter(power_item=power_item).first()
        base = Decimal("3000") if organisation else Decimal("200")
        limit = base
        if override is not None:
            assert "法》" in override.legal_basis
            raised = override.organisation_limit if organisation else override.person_limit
            limit = raised or base
        assert decision.fine_amount is None or decision.fine_amount <= limit
        assert decision.decided_by in (officer, partner, head)
