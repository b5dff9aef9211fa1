"""Services of cases: filing, officers' credentials, the stage state machine, acts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sanxiang.agencies.choices import CredentialStatus, PowerCategory
from sanxiang.agencies.tests.factories import DomainFactory
from sanxiang.cases import services, statemachine
from sanxiang.cases.choices import ActKind, ActStatus, Procedure, Stage, Transition
from sanxiang.cases.models import CaseEvent, CaseNumberFormat, Party
from sanxiang.cases.tests.factories import (
    PowerItemFactory,
    company,
    earlier_today,
    open_case,
    person,
    qualified_officer_user,
)
from sanxiang.ledger.models import Entry

GENERAL_PATH = [
    Transition.START_INVESTIGATION,
    Transition.CONCLUDE_INVESTIGATION,
    Transition.NOTIFY_PARTY,
    Transition.OPEN_DEFENCE,
    Transition.PREPARE_DECISION,
]


def _walk(case, actor, transitions):
    for transition in transitions:
        # Steps another app owns (decision, service) go through the inner door it uses.
        step = (
            services.apply_transition
            if statemachine.TRANSITIONS[transition].external
            else services.transition_case
        )
        case = step(actor=actor, case=case, transition=transition)
    return case


@pytest.fixture
def cases_rules_only(monkeypatch):
    """The cases app's own table, without the guards later apps register (review, records)."""
    from collections import defaultdict

    monkeypatch.setattr(statemachine, "_guards", defaultdict(list))


def _messages(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# --- Filing -------------------------------------------------------------------------------


def test_a_filed_case_gets_the_agencys_next_number_for_its_category_and_year(
    case, officer, partner, power_item
):
    assert case.number == f"万新街罚〔{case.filed_on.year}〕1号"
    assert case.stage == Stage.FILED
    second = open_case(officer, power_item, partner, parties=[company()])
    assert second.number == f"万新街罚〔{case.filed_on.year}〕2号"


def test_an_agency_sets_its_own_case_number_pattern(officer, partner, power_item, wanxin):
    CaseNumberFormat.objects.create(
        agency=wanxin, category=PowerCategory.PENALTY, template="东丽万新罚〔{year}〕{serial}号"
    )
    case = open_case(officer, power_item, partner, filed_on=dt.date(2026, 3, 2))
    assert case.number == "东丽万新罚〔2026〕1号"


def test_numbers_restart_each_year_and_differ_by_category(officer, partner, power_item, urban):
    last_year = open_case(officer, power_item, partner, filed_on=dt.date(2025, 12, 30))
    this_year = open_case(officer, power_item, partner, filed_on=dt.date(2026, 1, 5))
    inspection = PowerItemFactory(
        agency=power_item.agency, domain=urban, category=PowerCategory.INSPECTION
    )
    checked = open_case(officer, inspection, partner, filed_on=dt.date(2026, 1, 5))
    assert (last_year.number, this_year.number, checked.number) == (
        "万新街罚〔2025〕1号", "万新街罚〔2026〕1号", "万新街检〔2026〕1号",
    )  # fmt: skip


def test_filing_needs_two_officers(officer, partner, power_item):
    with pytest.raises(ValidationError) as excinfo:
        services.open_case(
            actor=officer, power_item=power_item, procedure=Procedure.GENERAL, title="占道经营",
            source="patrol", filed_on=dt.date.today(), officers=[officer.officer],
            lead=officer.officer, parties=[person()],
        )  # fmt: skip
    assert "至少两名" in _messages(excinfo)
    assert "penalty.two_officers" in _messages(excinfo)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"valid_to": dt.date.today() - dt.timedelta(days=1)}, "已过期"),
        ({"status": CredentialStatus.SUSPENDED}, "已暂扣"),
        ({"status": CredentialStatus.REVOKED}, "已注销"),
    ],
)
def test_an_officer_without_a_valid_credential_blocks_filing_with_their_name(
    officer, partner, power_item, change, expected
):
    credential = partner.officer.credentials.get()
    for field, value in change.items():
        setattr(credential, field, value)
    if "valid_to" in change:
        credential.valid_from = credential.valid_to - dt.timedelta(days=30)
    credential.save()
    with pytest.raises(ValidationError) as excinfo:
        open_case(officer, power_item, partner)
    assert partner.officer.name in _messages(excinfo)
    assert expected in _messages(excinfo)


def test_a_credential_must_cover_the_power_items_domain(officer, partner, wanxin):
    market = PowerItemFactory(agency=wanxin, domain=DomainFactory(code="market", name="市场监管"))
    with pytest.raises(ValidationError) as excinfo:
        open_case(officer, market, partner)
    assert "市场监管" in _messages(excinfo)


def test_an_officer_of_another_agency_cannot_file_a_wanxin_case(other_officer, partner, power_item):
    with pytest.raises(PermissionDenied):
        open_case(other_officer, power_item, partner)


def test_a_party_with_a_wrong_id_check_character_is_refused(officer, partner, power_item):
    with pytest.raises(ValidationError) as excinfo:
        open_case(officer, power_item, partner, parties=[person(id_number="120110198506150011")])
    assert "校验" in _messages(excinfo)
    assert Party.objects.count() == 0


def test_one_party_is_one_record_across_cases(officer, partner, power_item, case):
    again = open_case(officer, power_item, partner, parties=[person(), company()])
    assert Party.objects.count() == 2
    assert set(case.parties.all()) < set(again.parties.all())


def test_filing_is_written_to_the_ledger(case):
    entry = Entry.objects.get(subject=f"case:{case.pk}", kind="case.opened")
    assert case.number in entry.record


# --- Stages -------------------------------------------------------------------------------


def test_a_general_case_goes_from_filing_to_archive(case, officer, head, cases_rules_only):
    case = _walk(case, officer, GENERAL_PATH)
    case = _walk(case, head, [Transition.MAKE_DECISION])
    assert case.decided_on == timezone.localdate()
    case = _walk(case, officer, [Transition.SERVE_DECISION, Transition.CLOSE, Transition.ARCHIVE])
    assert case.stage == Stage.ARCHIVED
    assert case.served_on and case.closed_on and case.archived_on
    assert CaseEvent.objects.filter(case=case).count() == 9
    kinds = list(Entry.objects.filter(subject=f"case:{case.pk}").values_list("kind", flat=True))
    assert kinds == ["case.opened"] + ["case.transition"] * 9


def test_a_stage_cannot_be_skipped(case, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.transition_case(actor=officer, case=case, transition=Transition.NOTIFY_PARTY)
    assert "审查/拟决定" in _messages(excinfo) or "拟决定" in _messages(excinfo)
    case.refresh_from_db()
    assert case.stage == Stage.FILED


def test_only_the_head_makes_the_decision(case, officer, cases_rules_only):
    case = _walk(case, officer, GENERAL_PATH)
    with pytest.raises(PermissionDenied):
        _walk(case, officer, [Transition.MAKE_DECISION])


def test_an_officer_who_does_not_handle_the_case_cannot_move_it(case, wanxin, urban):
    colleague = qualified_officer_user(wanxin, urban, "colleague")
    with pytest.raises(PermissionDenied):
        services.transition_case(
            actor=colleague, case=case, transition=Transition.START_INVESTIGATION
        )


def test_terminating_a_case_needs_the_head_and_a_reason(case, head):
    with pytest.raises(ValidationError):
        services.transition_case(actor=head, case=case, transition=Transition.TERMINATE)
    case = services.transition_case(
        actor=head, case=case, transition=Transition.TERMINATE, reason="违法事实不能成立"
    )
    assert case.stage == Stage.CLOSED
    assert case.events.get().reason == "违法事实不能成立"


def test_a_summary_case_decides_on_the_spot_and_has_no_prior_notice(officer, partner, power_item):
    case = open_case(officer, power_item, partner, procedure=Procedure.SUMMARY)
    with pytest.raises(ValidationError):
        services.transition_case(
            actor=officer, case=case, transition=Transition.CONCLUDE_INVESTIGATION
        )
    case = services.transition_case(
        actor=officer, case=case, transition=Transition.DECIDE_ON_THE_SPOT
    )
    assert case.stage == Stage.DECISION


def test_legal_review_is_entered_only_through_the_review_services(case, officer):
    case = _walk(case, officer, GENERAL_PATH[:4])
    with pytest.raises(ValidationError):
        services.transition_case(actor=officer, case=case, transition=Transition.SUBMIT_FOR_REVIEW)
    case = services.apply_transition(
        actor=officer, case=case, transition=Transition.SUBMIT_FOR_REVIEW
    )
    assert case.stage == Stage.LEGAL_REVIEW


def test_a_registered_guard_blocks_the_decision_with_its_reason(case, officer, cases_rules_only):
    def review_gate(guarded_case, transition):
        return "需先完成法制审核"

    statemachine.register_guard(Transition.PREPARE_DECISION)(review_gate)
    try:
        case = _walk(case, officer, GENERAL_PATH[:4])
        with pytest.raises(ValidationError) as excinfo:
            services.transition_case(
                actor=officer, case=case, transition=Transition.PREPARE_DECISION
            )
        assert _messages(excinfo) == "需先完成法制审核"
    finally:
        statemachine._guards[Transition.PREPARE_DECISION].remove(review_gate)


def test_a_transition_date_cannot_be_in_the_future_or_before_filing(case, officer):
    for day in (timezone.localdate() + dt.timedelta(days=1), case.filed_on - dt.timedelta(days=1)):
        with pytest.raises(ValidationError):
            services.transition_case(
                actor=officer, case=case, transition=Transition.START_INVESTIGATION, on=day
            )


def test_an_archived_case_is_frozen(case, officer, head, cases_rules_only):
    case = services.transition_case(
        actor=head, case=case, transition=Transition.TERMINATE, reason="违法事实不能成立"
    )
    case = services.transition_case(actor=officer, case=case, transition=Transition.ARCHIVE)
    with pytest.raises(ValidationError) as excinfo:
        services.add_party(actor=officer, case=case, party=company())
    assert "冻结" in _messages(excinfo)
    with pytest.raises(ValidationError):
        _record_inspection(case, officer)


def test_the_head_extends_the_decision_period_with_a_reason(case, head, officer):
    with pytest.raises(PermissionDenied):
        services.extend_deadline(actor=officer, case=case, days=30, reason="案情复杂")
    extension = services.extend_deadline(
        actor=head, case=case, days=30, reason="案情复杂", legal_basis="某规章第六十四条",
        allowed_days=30,
    )  # fmt: skip
    assert extension.days == 30
    assert Entry.objects.filter(kind="case.deadline_extended").count() == 1


# --- Acts ---------------------------------------------------------------------------------


def _record_inspection(case, officer, kind=ActKind.INSPECTION, officers=None, started_at=None):
    return services.record_act(
        actor=officer, case=case, kind=kind,
        started_at=started_at or earlier_today(),
        place="万新街成林道12号", summary="现场检查，当事人在人行道摆摊经营",
        officers=officers or list(case.officers.all()),
    )  # fmt: skip


def test_an_act_records_the_credential_each_officer_showed(case, officer, partner):
    act = _record_inspection(case, officer)
    shown = set(act.act_officers.values_list("credential_number", flat=True))
    assert shown == {
        officer.officer.credentials.get().number,
        partner.officer.credentials.get().number,
    }
    assert Entry.objects.filter(kind="case.act_recorded", subject=f"case:{case.pk}").exists()


def test_an_act_needs_credentials_valid_on_the_day_of_the_act(officer, partner, power_item):
    case = open_case(
        officer, power_item, partner, filed_on=timezone.localdate() - dt.timedelta(days=5)
    )
    credential = partner.officer.credentials.get()
    credential.valid_from = timezone.localdate() - dt.timedelta(days=1)
    credential.save()
    with pytest.raises(ValidationError) as excinfo:
        _record_inspection(case, officer, started_at=timezone.now() - dt.timedelta(days=3))
    assert "尚未生效" in _messages(excinfo)


def test_service_of_documents_says_how_it_was_served(case, officer):
    with pytest.raises(ValidationError) as excinfo:
        _record_inspection(case, officer, kind=ActKind.SERVICE)
    assert "送达" in _messages(excinfo)


def test_an_act_guard_blocks_completion_until_its_rule_is_met(case, officer):
    act = _record_inspection(case, officer, kind=ActKind.OTHER)

    def needs_video(guarded_act):
        return "须有全程音像记录" if guarded_act.kind == ActKind.OTHER else None

    statemachine.register_act_guard(needs_video)
    try:
        with pytest.raises(ValidationError) as excinfo:
            services.complete_act(actor=officer, act=act, ended_at=timezone.now())
        assert "全程音像记录" in _messages(excinfo)
    finally:
        statemachine._act_guards.remove(needs_video)
    act = services.complete_act(actor=officer, act=act, ended_at=timezone.now())
    assert act.status == ActStatus.COMPLETED
