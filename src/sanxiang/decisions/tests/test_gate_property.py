"""Property: no sequence of actions through the services reaches a decision without a required
passing review (行政处罚法 第五十八条), beyond the limitation period (第三十六条), against a child
under 14 or without the mitigation due to a minor of 14 to 18 (第三十条), or against a party
found without capacity (第三十一条), nor before the party was told and heard (第四十四条、第四十五条、
第六十二条至第六十五条). Hypothesis drives random action sequences (the second test on random
days)."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from sanxiang.agencies.tests.factories import make_resident_id
from sanxiang.cases import hearings, limits, party_rights
from sanxiang.cases import services as cases
from sanxiang.cases.choices import Mitigation, Procedure, ResponseKind, Responsibility, Transition
from sanxiang.cases.limits import ViolationData, add_years
from sanxiang.cases.models import Hearing, PartyResponse
from sanxiang.cases.tests.factories import hear, serve_notice
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
    "record_no_capacity", "terminate", "to_decision", "to_decision", "notify", "notify_large",
    "state", "waive", "request_hearing", "silence", "schedule", "hold",
]  # fmt: skip
STEPS = [Transition.START_INVESTIGATION, Transition.CONCLUDE_INVESTIGATION,
         Transition.NOTIFY_PARTY, Transition.OPEN_DEFENCE]  # fmt: skip


def _party_act(name, case, officer, day):
    """The prior notice, the party's response and the hearing, on ``day``."""
    day = day or timezone.localdate()
    kinds = {"state": ResponseKind.STATEMENT, "waive": ResponseKind.WAIVER,
             "request_hearing": ResponseKind.HEARING_REQUEST, "silence": ResponseKind.NO_RESPONSE}  # fmt: skip
    if name in ("notify", "notify_large"):
        serve_notice(case, officer, on=day, fine="2000" if name == "notify" else "20000")
    elif name in kinds:
        hearings.record_response(actor=officer, case=case, kind=kinds[name], on=day,
                                 content="当事人意见")  # fmt: skip
    elif name == "schedule":
        hearing_day = party_rights.earliest_hearing_day(day)
        hearings.schedule_hearing(
            actor=officer, case=case, party_notified_on=day, place="听证室", presiding="赵敏",
            scheduled_at=timezone.make_aware(dt.datetime.combine(hearing_day, dt.time(9))),
        )  # fmt: skip
    elif name == "hold":
        hearing = Hearing.objects.filter(case=case, held_on=None).last()
        if hearing is not None:
            held = timezone.localdate(hearing.scheduled_at)
            hearings.record_hearing(actor=officer, hearing=hearing, held_on=held, summary="笔录")


def _act(name, case, people, day=None):
    officer, reviewer, head = people["officer"], people["reviewer"], people["head"]
    item = latest_review(case)
    if name in PARTY_ACTIONS:
        _party_act(name, case, officer, day)
    elif name == "step":
        for transition in STEPS:
            try:
                cases.transition_case(actor=officer, case=case, transition=transition, on=day)
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
        cases.transition_case(
            actor=officer, case=case, transition=Transition.PREPARE_DECISION, on=day
        )
    elif name == "case_make":
        cases.transition_case(actor=head, case=case, transition=Transition.MAKE_DECISION)
    elif name in ("decide", "decide_heavier", "decide_mitigated"):
        fine = Decimal("9000" if name == "decide_heavier" else "2000")
        mitigated = name == "decide_mitigated"
        decisions.make_decision(actor=head, case=case, on=day, data=decisions.DecisionData(
            facts="f", content="c", legal_basis="b", penalty_types=[PenaltyType.FINE], fine=fine,
            collective_discussion="集体讨论记录", mitigation=Mitigation.LIGHTER if mitigated else "",
            mitigation_reasoning="未成年，从轻" if mitigated else "",
        ))  # fmt: skip
    elif name == "to_decision":  # the whole lawful path to the head, through the services
        for transition in STEPS[:2]:
            with contextlib.suppress(ValidationError):
                case = cases.transition_case(actor=officer, case=case, transition=transition)
        with contextlib.suppress(ValidationError):  # the notice with its content, then heard
            serve_notice(case, officer)
        with contextlib.suppress(ValidationError):
            hear(case, officer)
        case.refresh_from_db()
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


PARTY_ACTIONS = {"notify", "notify_large", "state", "waive", "request_hearing", "silence",
                 "schedule", "hold"}  # fmt: skip


def _assert_party_was_heard(case, decision):
    """行政处罚法 第四十四、四十五、六十二至六十五条, checked from the records themselves."""
    notice = party_rights.latest_notice(case)
    on = decision.decided_on
    assert notice is not None and notice.notified_on <= on
    decided = party_rights.Proposal(penalty_types=decision.penalty_types, fine=decision.fine_amount)
    assert not party_rights.is_heavier(decided, party_rights.notice_proposal(notice))
    responses = [r for r in PartyResponse.objects.filter(notice=notice) if r.on <= on]
    kinds = {r.kind for r in responses}
    requests = [r for r in responses if r.kind == ResponseKind.HEARING_REQUEST and r.timely]
    held = Hearing.objects.filter(case=case, request__in=requests, held_on__lte=on).exists()
    if on <= party_rights.statement_period(notice).due:
        assert kinds & {ResponseKind.STATEMENT, ResponseKind.WAIVER} or held
    if notice.hearing_right and on <= party_rights.hearing_request_period(notice).due:
        assert ResponseKind.WAIVER in kinds or requests
    if requests:
        assert held


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
        _assert_party_was_heard(case, decision)
    assert case.decided_on is None or Decision.objects.filter(case=case).exists()


RIGHTS_ACTIONS = ["notify", "notify_large", "state", "waive", "request_hearing", "silence",
                  "schedule", "hold", "decide", "decide", "decide_heavier"]  # fmt: skip


@pytest.mark.django_db
@hypothesis_settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(actions=st.lists(st.tuples(st.sampled_from(RIGHTS_ACTIONS), st.integers(0, 20)),
                        min_size=1, max_size=14))  # fmt: skip
def test_no_path_decides_inside_the_statement_period_before_the_notice_or_without_the_hearing(
    actions, officer, partner, power_item, head, settings
):
    """Rules "penalty.statement.heard", "penalty.statement.after_notice",
    "penalty.hearing.request_period" and "penalty.hearing.held" (review not required here)."""
    from sanxiang.cases.tests.factories import open_case, to_proposal

    settings.REVIEW_ALL_GENERAL_PENALTIES = False
    today = timezone.localdate()
    case = open_case(officer, power_item, partner, filed_on=today - dt.timedelta(days=45))
    case = to_proposal(case, officer, today - dt.timedelta(days=44))
    review.assess_applicability(actor=officer, case=case, answers=NO)
    people = {"officer": officer, "reviewer": None, "head": head}
    for name, days_ago in actions:
        day = today - dt.timedelta(days=days_ago)
        if name.startswith("decide"):  # put to the head first (no review here)
            with contextlib.suppress(ValidationError, PermissionDenied):
                _act("prepare", case, people, day)
        with contextlib.suppress(ValidationError, PermissionDenied):
            _act(name, case, people, day)
        case.refresh_from_db()
    event("decided" if case.decided_on else "undecided")
    for decision in Decision.objects.filter(case=case):
        _assert_party_was_heard(case, decision)


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
