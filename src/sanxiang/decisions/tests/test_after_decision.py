"""After the decision: deemed service, payment, deferral, surcharge, enforcement, answers."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument

from sanxiang.cases import services as cases
from sanxiang.cases.choices import ActKind, DeadlineKind, ServiceMethod, Transition
from sanxiang.cases.deadlines import deadlines_for
from sanxiang.cases.models import Case
from sanxiang.cases.tests.factories import hear, open_case, serve_notice
from sanxiang.core import calendar, worklist
from sanxiang.decisions import deadlines, services
from sanxiang.decisions.api import DecisionSerializer
from sanxiang.decisions.choices import (
    ArrangementKind,
    ExecutionKind,
    PaymentChannel,
    PenaltyType,
    RemedyKind,
)
from sanxiang.decisions.models import DecisionService
from sanxiang.ledger.models import Entry
from sanxiang.ledger.store import open_blob_by_hash
from sanxiang.review import services as review
from sanxiang.review.choices import OpinionKind
from sanxiang.review.tests.builders import NO, all_pass, materials, proposal


def ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def decided(officer, partner, power_item, reviewer, head, *, days_ago: int, fine: str | None):
    """A general case walked through the services to a decision made ``days_ago``."""
    d = days_ago
    case = open_case(officer, power_item, partner, filed_on=ago(d + 25))
    case = cases.transition_case(
        actor=officer, case=case, transition=Transition.START_INVESTIGATION, on=ago(d + 24)
    )
    act = cases.record_act(
        actor=officer, case=case, kind=ActKind.INSPECTION, started_at=_at(ago(d + 24)),
        place="成林道", summary="现场检查，当事人占道摆摊。",
        officers=[officer.officer, partner.officer],
    )  # fmt: skip
    cases.complete_act(actor=officer, act=act, ended_at=_at(ago(d + 24), 11), outcome="责令改正")
    case = cases.transition_case(
        actor=officer, case=case, transition=Transition.CONCLUDE_INVESTIGATION, on=ago(d + 15)
    )
    serve_notice(case, officer, on=ago(d + 13), fine=fine)  # 行政处罚法 第四十四条
    hear(case, officer, on=ago(d + 11))
    case.refresh_from_db()
    review.assess_applicability(actor=officer, case=case, answers=NO)
    item = review.submit_for_review(
        actor=officer, case=case, proposal=proposal(fine), materials=materials(),
        responsibility_confirmed=True, on=ago(d + 5),
    )  # fmt: skip
    review.give_opinion(
        actor=reviewer, review=item, kind=OpinionKind.AGREE, marks=all_pass(), on=ago(d + 2)
    )
    data = services.DecisionData(
        facts="于万新街成林道占用城市道路摆摊设点。",
        content="罚款人民币二千元。" if fine else "警告。",
        legal_basis="《天津市市容和环境卫生管理条例》第六十一条",
        penalty_types=[PenaltyType.FINE] if fine else [PenaltyType.WARNING],
        fine=Decimal(fine) if fine else None,
    )  # fmt: skip
    return services.make_decision(actor=head, case=case, data=data, on=ago(d))


@pytest.fixture
def make(officer, partner, power_item, reviewer, reviewer_record, head):
    def build(*, days_ago: int = 30, fine: str | None = "2000", served: int | None = None,
              method: ServiceMethod = ServiceMethod.DIRECT):  # fmt: skip
        decision = decided(
            officer, partner, power_item, reviewer, head, days_ago=days_ago, fine=fine
        )
        if served is not None:
            services.serve_decision(
                actor=officer, decision=decision, method=method, served_on=ago(served),
                recipient="张三", note="公告刊登于《天津日报》" if method != "direct" else "",
            )  # fmt: skip
        return decision

    return build


def _kinds(decision) -> dict[str, dt.date]:
    return {d.kind: d.due for d in deadlines_for(Case.objects.get(pk=decision.case_id))}


# --- Service: the deemed date ("penalty.service.deemed_date", "penalty.service.public_notice")


@pytest.mark.parametrize(
    ("method", "days"),
    [
        (ServiceMethod.DIRECT, 0),
        (ServiceMethod.LEFT, 0),
        (ServiceMethod.POST, 0),
        (ServiceMethod.ELECTRONIC, 0),
        (ServiceMethod.PUBLIC_NOTICE, 30),
    ],
)
def test_each_service_method_has_its_deemed_service_date(method, days):
    """Rules "penalty.service.deemed_date" and "penalty.service.public_notice"."""
    on = dt.date(2026, 12, 1)
    assert deadlines.deemed_service_date(method, on) == on + dt.timedelta(days=days)


def test_public_notice_is_deemed_served_30_days_later_and_payment_counts_from_then(make):
    """Rule "penalty.service.public_notice": 民事诉讼法 第九十五条."""
    decision = make(days_ago=12, served=10, method=ServiceMethod.PUBLIC_NOTICE)
    service = DecisionService.objects.get(decision=decision)
    assert service.served_on == ago(10) and service.deemed_served_on == ago(10) + dt.timedelta(30)
    expected = calendar.calendar_day_deadline(ago(10) + dt.timedelta(30), 15).due
    assert _kinds(decision)[DeadlineKind.PAYMENT] == expected
    with open_blob_by_hash(service.receipt.digest) as handle:
        receipt = "\n".join(p.text for p in WordDocument(io.BytesIO(handle.read())).paragraphs)
    deemed = service.deemed_served_on
    assert f"视为送达日期：{deemed.year}年{deemed.month}月{deemed.day}日" in receipt
    entry = Entry.objects.filter(kind="decision.served").latest("seq")
    assert entry.payload["deemed_served_on"] == service.deemed_served_on.isoformat()


def test_a_decision_served_directly_is_paid_within_15_days_of_that_day(make):
    """Rule "penalty.payment.period": 行政处罚法 第六十七条第三款."""
    decision = make(days_ago=5, served=4)
    due = _kinds(decision)[DeadlineKind.PAYMENT]
    assert due == calendar.calendar_day_deadline(ago(4), 15).due
    deadline = deadlines.payment_deadline(decision)
    assert deadline is not None and "第六十七条" in deadline.basis


def test_a_decision_without_a_fine_has_no_payment_deadline_nor_surcharge(make):
    """Rule "penalty.payment.period": a warning has nothing to pay, so nothing is overdue."""
    decision = make(days_ago=60, fine=None, served=59)
    assert DeadlineKind.PAYMENT not in _kinds(decision)
    assert deadlines.payment_schedule(decision) == []
    assert deadlines.surcharge(decision) == Decimal("0.00")


def test_electronic_service_needs_the_recorded_consent(make, officer):
    """Rule "penalty.service.electronic_consent": 行政处罚法 第六十一条第二款."""
    decision = make(days_ago=3)
    with pytest.raises(ValidationError) as excinfo:
        services.serve_decision(
            actor=officer, decision=decision, method=ServiceMethod.ELECTRONIC,
            served_on=ago(1), recipient="张三",
        )  # fmt: skip
    assert "penalty.service.electronic_consent" in excinfo.value.message_dict["note"][0]
    assert not decision.services.exists()


# --- Payment: deferral and instalments ("penalty.payment.deferral")


def test_only_the_head_approves_a_deferral_and_it_moves_the_payment_deadline(make, officer, head):
    decision = make(days_ago=5, served=4)
    new_date = timezone.localdate() + dt.timedelta(days=40)
    with pytest.raises(ValidationError) as excinfo:
        services.arrange_payment(
            actor=officer, decision=decision, kind=ArrangementKind.DEFERRAL, reason="困难",
            instalments=[(new_date, Decimal("2000"))],
        )  # fmt: skip
    assert "penalty.payment.deferral" in excinfo.value.messages[0]
    assert _kinds(decision)[DeadlineKind.PAYMENT] != new_date
    services.arrange_payment(
        actor=head, decision=decision, kind=ArrangementKind.DEFERRAL,
        reason="当事人书面申请，确有经济困难。", instalments=[(new_date, Decimal("2000"))],
    )  # fmt: skip
    assert _kinds(decision)[DeadlineKind.PAYMENT] == new_date
    assert Entry.objects.filter(kind="decision.payment_arranged").exists()
    assert decision.executions.filter(kind=ExecutionKind.DEFERRED).exists()


def test_instalments_must_add_up_to_what_is_owed_and_each_becomes_the_deadline_in_turn(
    make, head, officer
):
    decision = make(days_ago=5, served=4)
    first = timezone.localdate() + dt.timedelta(days=20)
    second = first + dt.timedelta(days=30)
    with pytest.raises(ValidationError) as excinfo:
        services.arrange_payment(
            actor=head, decision=decision, kind=ArrangementKind.INSTALMENTS, reason="困难",
            instalments=[(first, Decimal("500")), (second, Decimal("500"))],
        )  # fmt: skip
    assert "penalty.payment.deferral" in excinfo.value.message_dict["instalments"][0]
    services.arrange_payment(
        actor=head, decision=decision, kind=ArrangementKind.INSTALMENTS, reason="困难",
        instalments=[(first, Decimal("1000")), (second, Decimal("1000"))],
    )  # fmt: skip
    assert _kinds(decision)[DeadlineKind.PAYMENT] == first
    services.record_payment(
        actor=officer, decision=decision, amount=Decimal("1000"), paid_on=ago(0),
        channel=PaymentChannel.BANK, receipt_number="FS-INST-1",
    )  # fmt: skip
    assert _kinds(decision)[DeadlineKind.PAYMENT] == second


def test_a_deferral_cannot_be_recorded_as_an_execution_step_nor_for_a_warning(make, officer, head):
    decision = make(days_ago=5, served=4)
    with pytest.raises(ValidationError) as excinfo:
        services.record_execution(
            actor=officer, decision=decision, kind=ExecutionKind.DEFERRED, on=ago(1),
            note="经批准分期",
        )  # fmt: skip
    assert "penalty.payment.deferral" in excinfo.value.message_dict["kind"][0]
    warning = make(days_ago=5, fine=None, served=4)
    with pytest.raises(ValidationError):
        services.arrange_payment(
            actor=head, decision=warning, kind=ArrangementKind.DEFERRAL, reason="困难",
            instalments=[(timezone.localdate() + dt.timedelta(days=9), Decimal("1"))],
        )  # fmt: skip


# --- The late-payment surcharge ("penalty.payment.surcharge")


def test_the_surcharge_is_3_percent_of_the_fine_a_day_after_the_due_date(make):
    decision = make(days_ago=22, served=21)
    due = deadlines.payment_deadline(decision)
    assert due is not None
    late = (timezone.localdate() - due.due).days
    assert late > 0
    assert deadlines.surcharge(decision) == Decimal("60.00") * late
    assert deadlines.surcharge(decision, today=due.due) == Decimal("0.00")


def test_the_surcharge_never_exceeds_the_fine(make):
    """Rule "penalty.payment.surcharge": 加处罚款的数额不得超出罚款的数额."""
    decision = make(days_ago=90, served=89)
    assert deadlines.surcharge(decision) == Decimal("2000.00")


def test_the_surcharge_stops_on_the_day_the_fine_is_paid(make, officer):
    decision = make(days_ago=40, served=39)
    due = deadlines.payment_deadline(decision)
    paid_on = due.due + dt.timedelta(days=2)
    services.record_payment(
        actor=officer, decision=decision, amount=Decimal("2000"), paid_on=paid_on,
        channel=PaymentChannel.BANK, receipt_number="FS-LATE-1",
    )  # fmt: skip
    assert deadlines.surcharge(decision) == Decimal("120.00")
    assert DeadlineKind.PAYMENT not in _kinds(decision)


def test_the_decision_page_and_the_api_show_the_surcharge(make, head, client):
    decision = make(days_ago=90, served=89)
    client.force_login(head)
    page = client.get(reverse("workbench:decision", kwargs={"decision_id": decision.pk}))
    assert "加处罚款" in page.content.decode() and "2,000.00" in page.content.decode()
    body = DecisionSerializer(decision).data  # what /api/v1/decisions/<id>/ returns
    assert body["surcharge"] == "2000.00" and body["deemed_served_on"] == ago(89).isoformat()


# --- Enforcement: the demand and the court window ("enforcement.demand", ...court_window)


def test_a_demand_comes_after_the_payment_period_and_the_court_10_working_days_after_it(
    make, officer
):
    decision = make(days_ago=5, served=4)
    with pytest.raises(ValidationError) as excinfo:
        services.record_execution(
            actor=officer, decision=decision, kind=ExecutionKind.DEMAND, on=ago(0), note="催告书"
        )
    assert "enforcement.demand" in excinfo.value.message_dict["on"][0]
    old = make(days_ago=220, served=218)
    assert DeadlineKind.PAYMENT in _kinds(old)  # overdue until the demand is served
    with pytest.raises(ValidationError) as excinfo:
        services.record_execution(
            actor=officer, decision=old, kind=ExecutionKind.COURT, on=ago(0), note="申请执行"
        )
    assert "enforcement.demand" in excinfo.value.message_dict["on"][0]
    services.record_execution(
        actor=officer, decision=old, kind=ExecutionKind.DEMAND, on=ago(3), note="催告书已送达"
    )
    demand = calendar.working_day_deadline(ago(3), 10).due
    assert _kinds(old)[DeadlineKind.DEMAND] == demand
    assert DeadlineKind.PAYMENT not in _kinds(old)  # the demand is now the step running
    with pytest.raises(ValidationError) as excinfo:
        services.record_execution(
            actor=officer, decision=old, kind=ExecutionKind.COURT, on=ago(0), note="申请执行"
        )
    assert "enforcement.demand" in excinfo.value.message_dict["on"][0]
    assert not old.executions.filter(kind=ExecutionKind.COURT).exists()


def test_the_court_is_applied_to_only_within_3_months_after_the_remedy_periods(make, officer):
    """Rule "enforcement.court_window": 行政强制法 第五十三条."""
    early = make(days_ago=120, served=118)
    services.record_execution(
        actor=officer, decision=early, kind=ExecutionKind.DEMAND, on=ago(60), note="催告书"
    )
    window = deadlines.court_window(early)
    assert window.opens == calendar.month_deadline(ago(118), 6).due + dt.timedelta(days=1)
    assert _kinds(early)[DeadlineKind.COURT_APPLICATION] == window.closes.due
    with pytest.raises(ValidationError) as excinfo:
        services.record_execution(
            actor=officer, decision=early, kind=ExecutionKind.COURT, on=ago(0), note="申请执行"
        )
    assert "enforcement.court_window" in excinfo.value.message_dict["on"][0]
    late = make(days_ago=320, served=318)
    services.record_execution(
        actor=officer, decision=late, kind=ExecutionKind.DEMAND, on=ago(30), note="催告书"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.record_execution(
            actor=officer, decision=late, kind=ExecutionKind.COURT, on=ago(0), note="申请执行"
        )
    assert "enforcement.court_window" in excinfo.value.message_dict["on"][0]
    timely = make(days_ago=215, served=214)
    services.record_execution(
        actor=officer, decision=timely, kind=ExecutionKind.DEMAND, on=ago(30), note="催告书"
    )
    services.record_execution(
        actor=officer, decision=timely, kind=ExecutionKind.COURT, on=ago(0), note="申请执行"
    )
    assert DeadlineKind.COURT_APPLICATION not in _kinds(timely)


# --- Answers when the decision is challenged ("remedy.reconsideration_answer", ...)


def test_a_reconsideration_is_answered_within_10_working_days_of_the_copy(make, officer):
    """Rule "remedy.reconsideration_answer": 行政复议法 第四十八条、第八十八条."""
    decision = make(days_ago=20, served=19)
    remedy = services.record_remedy(
        actor=officer, decision=decision, kind=RemedyKind.RECONSIDERATION, filed_on=ago(10),
        body="天津市东丽区人民政府", copy_received_on=ago(8),
    )  # fmt: skip
    due = calendar.working_day_deadline(ago(8), 10).due
    assert _kinds(decision)[DeadlineKind.RECONSIDERATION_ANSWER] == due
    services.record_remedy_answer(actor=officer, remedy=remedy, answered_on=ago(1))
    assert DeadlineKind.RECONSIDERATION_ANSWER not in _kinds(decision)


def test_a_lawsuit_is_answered_within_15_days_and_a_closed_case_still_warns(make, officer, head):
    """Rule "remedy.litigation_answer": 行政诉讼法 第六十七条."""
    decision = make(days_ago=30, served=29)
    services.record_payment(
        actor=officer, decision=decision, amount=Decimal("2000"), paid_on=ago(28),
        channel=PaymentChannel.BANK, receipt_number="FS-SUIT-1",
    )  # fmt: skip
    case = Case.objects.get(pk=decision.case_id)
    cases.transition_case(actor=officer, case=case, transition=Transition.CLOSE)
    remedy = services.record_remedy(
        actor=officer, decision=decision, kind=RemedyKind.LITIGATION, filed_on=ago(20),
        body="天津市东丽区人民法院",
    )  # fmt: skip
    assert DeadlineKind.LITIGATION_ANSWER not in _kinds(decision)  # the copy has not come
    services.record_remedy_answer(actor=officer, remedy=remedy, copy_received_on=ago(14))
    due = calendar.calendar_day_deadline(ago(14), 15).due
    assert _kinds(decision)[DeadlineKind.LITIGATION_ANSWER] == due
    items = [i for i in worklist.work_for(officer) if i.due_on == due]
    assert items and "第六十七条" in items[0].basis
    with pytest.raises(ValidationError):
        services.record_remedy_answer(actor=officer, remedy=remedy, answered_on=ago(15))


# --- The workbench door gives the same refusals


def _post(client, decision, **data):
    url = reverse("workbench:decision", kwargs={"decision_id": decision.pk})
    return client.post(url, data)


def test_the_decision_page_refuses_an_early_court_application_with_the_rule(make, officer, client):
    decision = make(days_ago=30, served=29)
    client.force_login(officer)
    page = _post(client, decision, action="execution", kind=ExecutionKind.COURT,
                 on=ago(0).isoformat(), note="申请执行")  # fmt: skip
    assert page.status_code == 200 and "enforcement.demand" in page.content.decode()
    assert not decision.executions.exists()


def test_the_head_approves_instalments_on_the_decision_page(make, head, client):
    decision = make(days_ago=5, served=4)
    first = timezone.localdate() + dt.timedelta(days=10)
    second = first + dt.timedelta(days=30)
    client.force_login(head)
    response = _post(client, decision, action="arrange", kind=ArrangementKind.INSTALMENTS,
                     reason="当事人书面申请，确有经济困难。", on=ago(0).isoformat(),
                     instalments=f"{first.isoformat()} 1200\n{second.isoformat()} 800")  # fmt: skip
    assert response.status_code == 302
    assert _kinds(decision)[DeadlineKind.PAYMENT] == first
    page = client.get(reverse("workbench:decision", kwargs={"decision_id": decision.pk}))
    assert "分期缴纳" in page.content.decode() and head.full_name in page.content.decode()
