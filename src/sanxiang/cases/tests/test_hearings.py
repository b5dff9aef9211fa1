"""The prior notice, the party's response and the hearing (行政处罚法 第四十四条、第四十五条、
第六十二条至第六十五条): each rule refuses what it forbids, with its article and id."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sanxiang.cases import hearings, party_rights, services
from sanxiang.cases.choices import PenaltyType, ResponseKind, Stage, Transition
from sanxiang.cases.models import PriorNotice
from sanxiang.cases.tests.factories import (
    company,
    notice_data,
    open_case,
    serve_notice,
    to_proposal,
)
from sanxiang.core import calendar
from sanxiang.ledger.models import Entry


def ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


_to_proposal = to_proposal


def _messages(excinfo) -> str:
    return " ".join(excinfo.value.messages)


@pytest.fixture
def old_case(officer, partner, power_item):
    """A case filed 60 days ago, at 审查/拟决定 since 50 days ago."""
    return _to_proposal(open_case(officer, power_item, partner, filed_on=ago(60)), officer, ago(50))


def _decided(types=(PenaltyType.FINE,), fine="2000", confiscation=None):
    return party_rights.Proposal(
        penalty_types=list(types), fine=Decimal(fine) if fine else None,
        confiscated_gains=Decimal(confiscation) if confiscation else None,
    )  # fmt: skip


# --- 第四十四条: the notice carries its content --------------------------------------------


def test_the_case_cannot_be_notified_without_the_notice_content(case, officer):
    """Rule "penalty.notice.content": the bare transition is refused, naming the article."""
    case = _to_proposal(case, officer)
    with pytest.raises(ValidationError) as excinfo:
        services.transition_case(actor=officer, case=case, transition=Transition.NOTIFY_PARTY)
    assert "第四十四条" in _messages(excinfo) and "penalty.notice.content" in _messages(excinfo)
    case.refresh_from_db()
    assert case.stage == Stage.PROPOSAL and case.notified_on is None


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"penalty_types": []}, "penalty_types"),
        ({"fine": None, "penalty_types": [PenaltyType.FINE]}, "fine"),
        ({"facts": " "}, "facts"),
        ({"reasons": ""}, "reasons"),
        ({"legal_basis": ""}, "legal_basis"),
        ({"content": ""}, "content"),
        ({"penalty_types": [PenaltyType.CONFISCATE_GAINS]}, "confiscated_gains"),
    ],
)
def test_a_notice_missing_part_of_its_content_is_refused(case, officer, overrides, field):
    case = _to_proposal(case, officer)
    with pytest.raises(ValidationError) as excinfo:
        serve_notice(case, officer, **overrides)
    assert field in excinfo.value.message_dict
    assert "penalty.notice.content" in " ".join(excinfo.value.message_dict[field])
    assert not PriorNotice.objects.exists()


def test_serving_the_notice_records_it_moves_the_case_and_enters_the_ledger(case, officer):
    case = _to_proposal(case, officer)
    notice = serve_notice(case, officer)
    case.refresh_from_db()
    assert case.stage == Stage.NOTIFICATION and case.notified_on == notice.notified_on
    assert notice.statement_working_days == 5 and not notice.hearing_right
    entry = Entry.objects.get(kind="case.prior_notice_served")
    assert entry.payload["fine"] == "2000" and entry.payload["hearing_right"] is False


def test_the_notice_tells_the_period_the_agency_sets_and_keeps_it(case, officer, settings):
    """Rule "penalty.statement.heard": the period told is the period enforced, even if the
    setting changes later."""
    settings.CASES_STATEMENT_WORKING_DAYS = 7
    notice = serve_notice(_to_proposal(case, officer), officer)
    settings.CASES_STATEMENT_WORKING_DAYS = 3
    assert notice.statement_working_days == 7
    due = party_rights.statement_period(notice).due
    assert due == calendar.working_day_deadline(notice.notified_on, 7).due


# --- 第六十三条: when the party has a right to a hearing ------------------------------------


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"fine": "9999.99"}, []),
        ({"fine": "10000"}, ["（一）较大数额罚款"]),
        ({"fine": None, "penalties": [PenaltyType.CONFISCATE_GAINS],
          "confiscated_gains": Decimal("10000")}, ["（二）没收较大数额违法所得"]),
        ({"fine": None, "penalties": [PenaltyType.CONFISCATE_PROPERTY],
          "confiscated_property": Decimal("12000")}, ["（二）没收较大价值非法财物"]),
        ({"fine": None, "penalties": [PenaltyType.REVOKE_LICENCE]}, ["（三）吊销许可证件"]),
        ({"fine": None, "penalties": [PenaltyType.DOWNGRADE]}, ["（三）降低资质等级"]),
        ({"fine": None, "penalties": [PenaltyType.SUSPEND_BUSINESS]}, ["（四）责令停产停业"]),
        ({"fine": None, "penalties": [PenaltyType.CLOSE]}, ["（四）责令关闭"]),
        ({"fine": None, "penalties": [PenaltyType.BAR_PRACTICE]}, ["（四）限制从业"]),
        ({"fine": None, "other_heavy": True}, ["（五）其他较重的行政处罚"]),
    ],
)  # fmt: skip
def test_the_hearing_right_follows_article_63_in_full(case, officer, kwargs, expected):
    """Rule "penalty.hearing.right": each item of 第六十三条, thresholds set locally."""
    notice = serve_notice(_to_proposal(case, officer), officer, **kwargs)
    assert len(notice.hearing_grounds) == len(expected)
    assert all(g.startswith(e) for g, e in zip(notice.hearing_grounds, expected, strict=True))
    assert notice.hearing_right is bool(expected)


def test_an_organisation_has_the_higher_local_threshold(officer, partner, power_item, settings):
    case = open_case(officer, power_item, partner, parties=[company()])
    notice = serve_notice(_to_proposal(case, officer), officer, fine="50000")
    assert not notice.hearing_right
    settings.CASES_HEARING_FINE_ORGANISATION = 50000
    case2 = open_case(officer, power_item, partner, parties=[company()], title="另案")
    assert serve_notice(_to_proposal(case2, officer), officer, fine="50000").hearing_right


# --- The party's response --------------------------------------------------------------------


def test_a_response_is_recorded_moves_to_defence_and_enters_the_ledger(case, officer):
    notice = serve_notice(_to_proposal(case, officer), officer)
    response = hearings.record_response(
        actor=officer, case=case, kind=ResponseKind.WAIVER, on=notice.notified_on,
        content="当事人书面声明放弃陈述申辩。",
    )  # fmt: skip
    case.refresh_from_db()
    assert case.stage == Stage.DEFENCE and response.timely
    assert Entry.objects.filter(kind="case.party_response_recorded").count() == 1


def test_a_statement_or_waiver_must_say_what_the_party_said(case, officer):
    serve_notice(_to_proposal(case, officer), officer)
    with pytest.raises(ValidationError) as excinfo:
        hearings.record_response(
            actor=officer, case=case, kind=ResponseKind.STATEMENT, on=timezone.localdate()
        )
    assert "content" in excinfo.value.message_dict


def test_silence_is_recorded_only_after_the_statement_period(case, officer):
    serve_notice(_to_proposal(case, officer), officer)
    with pytest.raises(ValidationError) as excinfo:
        hearings.record_response(
            actor=officer, case=case, kind=ResponseKind.NO_RESPONSE, on=timezone.localdate()
        )
    assert "penalty.statement.heard" in _messages(excinfo)


def test_a_late_hearing_request_is_recorded_as_not_timely(old_case, officer):
    """Rule "penalty.hearing.request_period": 5 working days after the notice (第八十五条)."""
    notice = serve_notice(old_case, officer, on=ago(40), fine="20000")
    due = party_rights.hearing_request_period(notice).due
    assert due == calendar.working_day_deadline(ago(40), 5).due
    late = hearings.record_response(
        actor=officer, case=old_case, kind=ResponseKind.HEARING_REQUEST,
        on=due + dt.timedelta(days=1),
    )  # fmt: skip
    assert not late.timely
    timely = hearings.record_response(
        actor=officer, case=old_case, kind=ResponseKind.HEARING_REQUEST, on=due
    )
    assert timely.timely


# --- 第六十四条: scheduling and holding the hearing -----------------------------------------


@pytest.fixture
def requested(old_case, officer):
    notice = serve_notice(old_case, officer, on=ago(40), fine="20000")
    hearings.record_response(
        actor=officer, case=old_case, kind=ResponseKind.HEARING_REQUEST, on=ago(39)
    )
    old_case.refresh_from_db()
    return old_case, notice


def test_a_hearing_needs_seven_working_days_notice(requested, officer):
    """Rule "penalty.hearing.seven_days_notice"."""
    case, _notice = requested
    earliest = party_rights.earliest_hearing_day(ago(30))
    with pytest.raises(ValidationError) as excinfo:
        hearings.schedule_hearing(
            actor=officer, case=case, scheduled_at=at(earliest - dt.timedelta(days=1)),
            place="万新街道办事处听证室", party_notified_on=ago(30), presiding="法制员赵敏",
        )  # fmt: skip
    assert "penalty.hearing.seven_days_notice" in _messages(excinfo)
    hearing = hearings.schedule_hearing(
        actor=officer, case=case, scheduled_at=at(earliest), place="万新街道办事处听证室",
        party_notified_on=ago(30), presiding="法制员赵敏",
    )  # fmt: skip
    assert hearing.pk and Entry.objects.filter(kind="case.hearing_scheduled").exists()


def test_an_investigating_officer_cannot_preside(requested, officer):
    """Rule "penalty.hearing.presiding": 非本案调查人员主持."""
    case, _notice = requested
    with pytest.raises(ValidationError) as excinfo:
        hearings.schedule_hearing(
            actor=officer, case=case, scheduled_at=at(ago(5)), place="听证室",
            party_notified_on=ago(30), presiding=officer.officer.name,
        )  # fmt: skip
    assert "penalty.hearing.presiding" in _messages(excinfo)


def test_the_hearing_record_is_entered_on_the_day_notified(requested, officer):
    """Rule "penalty.hearing.held": the record (听证笔录) is entered with its summary."""
    case, _notice = requested
    day = party_rights.earliest_hearing_day(ago(30))
    hearing = hearings.schedule_hearing(
        actor=officer, case=case, scheduled_at=at(day), place="听证室", party_notified_on=ago(30),
        presiding="法制员赵敏",
    )  # fmt: skip
    with pytest.raises(ValidationError):
        hearings.record_hearing(
            actor=officer, hearing=hearing, held_on=day + dt.timedelta(days=1), summary="x"
        )
    with pytest.raises(ValidationError) as excinfo:
        hearings.record_hearing(actor=officer, hearing=hearing, held_on=day, summary=" ")
    assert "penalty.hearing.held" in _messages(excinfo)
    hearings.record_hearing(actor=officer, hearing=hearing, held_on=day, summary="当事人到场陈述。")
    hearing.refresh_from_db()
    assert hearing.held_on == day
    assert Entry.objects.filter(kind="case.hearing_held").exists()


# --- 第六十二条、第四十五条、第六十五条: the decision ---------------------------------------


def _codes(found) -> set[str]:
    return {item.rule.id for item in found}


def test_no_decision_while_the_statement_period_runs_without_statement_or_waiver(case, officer):
    """Rule "penalty.statement.heard"."""
    notice = serve_notice(_to_proposal(case, officer), officer)
    found = party_rights.decision_refusals(case, notice.notified_on, _decided())
    assert _codes(found) == {"penalty.statement.heard"}
    after = party_rights.statement_period(notice).due + dt.timedelta(days=1)
    assert party_rights.decision_refusals(case, after, _decided()) == []
    hearings.record_response(actor=officer, case=case, kind=ResponseKind.STATEMENT,
                             on=notice.notified_on, content="请求从轻。")  # fmt: skip
    assert party_rights.decision_refusals(case, notice.notified_on, _decided()) == []


def test_no_decision_dated_before_the_notice(old_case, officer):
    """Rule "penalty.statement.after_notice"."""
    serve_notice(old_case, officer, on=ago(20))
    found = party_rights.decision_refusals(old_case, ago(21), _decided())
    assert _codes(found) == {"penalty.statement.after_notice"}


def test_no_decision_without_a_notice(old_case):
    assert _codes(party_rights.decision_refusals(old_case, ago(1), _decided())) == {
        "penalty.statement.heard"
    }


def test_no_decision_heavier_than_the_notice(old_case, officer):
    """Rule "penalty.statement.no_heavier" (第四十五条)."""
    serve_notice(old_case, officer, on=ago(40))
    assert party_rights.decision_refusals(old_case, ago(1), _decided(fine="1500")) == []
    for heavier in (_decided(fine="2500"), _decided(types=[PenaltyType.FINE,
                    PenaltyType.CONFISCATE_GAINS], confiscation="10")):  # fmt: skip
        assert _codes(party_rights.decision_refusals(old_case, ago(1), heavier)) == {
            "penalty.statement.no_heavier"
        }


def test_with_a_hearing_right_no_decision_in_the_request_period_without_waiver(old_case, officer):
    """Rule "penalty.hearing.request_period": a statement alone does not end the right."""
    notice = serve_notice(old_case, officer, on=ago(40), fine="20000")
    hearings.record_response(actor=officer, case=old_case, kind=ResponseKind.STATEMENT,
                             on=ago(40), content="有异议。")  # fmt: skip
    found = party_rights.decision_refusals(old_case, ago(40), _decided(fine="20000"))
    assert _codes(found) == {"penalty.hearing.request_period"}
    assert party_rights.hearing_request_period(notice).due < ago(1)
    assert party_rights.decision_refusals(old_case, ago(1), _decided(fine="20000")) == []


def test_a_timely_request_blocks_the_decision_until_the_hearing_is_held(requested, officer):
    """Rule "penalty.hearing.held" (第六十三条, 第六十五条)."""
    case, _notice = requested
    assert _codes(party_rights.decision_refusals(case, ago(1), _decided(fine="20000"))) == {
        "penalty.hearing.held"
    }
    day = party_rights.earliest_hearing_day(ago(30))
    hearing = hearings.schedule_hearing(
        actor=officer, case=case, scheduled_at=at(day), place="听证室", party_notified_on=ago(30),
        presiding="法制员赵敏",
    )  # fmt: skip
    assert _codes(party_rights.decision_refusals(case, ago(1), _decided(fine="20000"))) == {
        "penalty.hearing.held"
    }
    hearings.record_hearing(actor=officer, hearing=hearing, held_on=day, summary="听证笔录摘要")
    assert party_rights.decision_refusals(case, day, _decided(fine="20000")) == []
    before = party_rights.decision_refusals(
        case, day - dt.timedelta(days=1), _decided(fine="20000")
    )
    assert _codes(before) == {"penalty.hearing.held"}


def test_the_case_page_guard_refuses_the_decision_with_the_reason(case, officer, head):
    case = _to_proposal(case, officer)
    serve_notice(case, officer)
    case.refresh_from_db()
    reason = party_rights.decision_guard(case, Transition.MAKE_DECISION)
    assert reason and "penalty.statement.heard" in reason


def test_a_notice_served_before_this_record_existed_can_be_written_down(old_case, officer):
    """A case notified on paper (before the notice record) records the notice's content late."""
    from collections import defaultdict

    from sanxiang.cases import statemachine

    guards = statemachine._guards
    statemachine._guards = defaultdict(list)
    try:
        case = services.transition_case(
            actor=officer, case=old_case, transition=Transition.NOTIFY_PARTY, on=ago(30)
        )
    finally:
        statemachine._guards = guards
    notice = hearings.serve_prior_notice(actor=officer, case=case, data=notice_data(on=ago(30)))
    case.refresh_from_db()
    assert case.stage == Stage.NOTIFICATION and notice.notified_on == ago(30)
    with pytest.raises(ValidationError):  # only once: a new notice follows a return to 拟决定
        hearings.serve_prior_notice(actor=officer, case=case, data=notice_data(on=ago(29)))
