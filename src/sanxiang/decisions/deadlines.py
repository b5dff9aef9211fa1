"""Time limits after the decision, each counted from the deemed-service date.

Service (民事诉讼法, through 行政处罚法 第六十一条) fixes the day the decision counts as
received; from it run the payment period (第六十七条), moved by an approved deferral or
instalments (第六十六条), the late-payment surcharge (第七十二条), the remedy periods and the
window to apply to the court (行政强制法 第五十三条), and after a demand the 10 working days
before that application (第五十四条). When the decision is challenged, the agency's answer
is due (行政复议法 第四十八条; 行政诉讼法 第六十七条).

The case-page, work-list, API and supervision deadlines come from :func:`after_decision`,
registered with ``cases.deadlines``; services refuse with the same computations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.cases import deadlines as case_deadlines
from sanxiang.cases.choices import DeadlineKind, ServiceMethod, Stage
from sanxiang.cases.deadlines import CaseDeadline
from sanxiang.cases.models import Case
from sanxiang.core import calendar
from sanxiang.decisions.choices import DecisionStatus, ExecutionKind, RemedyKind
from sanxiang.decisions.models import Decision, Remedy

# 民事诉讼法 第九十五条: "自发出公告之日起，经过三十日，即视为送达".
PUBLIC_NOTICE_DAYS = 30
# 行政处罚法 第六十七条第三款: paid within 15 days of receiving the decision.
PAYMENT_DAYS = 15
# 行政处罚法 第七十二条第一款第一项: 3 percent of the fine a day, never more than the fine.
SURCHARGE_RATE = Decimal("0.03")
# 行政强制法 第五十四条 (第六十九条: ten days or fewer are working days).
DEMAND_WORKING_DAYS = 10
# 行政复议法 (2023) 第二十条: 60 days to apply; 行政诉讼法 第四十六条: 6 months to sue.
RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6
# 行政强制法 第五十三条: 3 months from the end of those periods to apply to the court.
COURT_WINDOW_MONTHS = 3
# 行政复议法 (2023) 第四十八条 (第八十八条: working days); 行政诉讼法 第六十七条: 15 days.
RECONSIDERATION_ANSWER_WORKING_DAYS = 10
LITIGATION_ANSWER_DAYS = 15

PENALTY_LAW = "《中华人民共和国行政处罚法》"
COMPULSION_LAW = "《中华人民共和国行政强制法》"
CENT = Decimal("0.01")


def deemed_service_date(method: str, served_on: dt.date) -> dt.date:
    """The day a decision served by ``method`` on ``served_on`` counts as received.

    Direct service: the day signed for (民事诉讼法 第八十七条); leaving the document: that day
    (第八十九条); electronic, with consent: the day it reached the party (第九十条); post: the
    day on the return receipt (第九十一条); public notice: 30 days after publication (第九十五条).
    """
    if method == ServiceMethod.PUBLIC_NOTICE:
        return served_on + dt.timedelta(days=PUBLIC_NOTICE_DAYS)
    return served_on


def _fixed(start: dt.date, due: dt.date, basis: str) -> calendar.Deadline:
    """A deadline set by a date someone approved (not computed from a period)."""
    return calendar.Deadline(
        start=start, due=due, count=(due - start).days, unit=calendar.PeriodUnit.DAYS, basis=basis
    )


@dataclass(frozen=True)
class Due:
    """A date by which the fine must be paid up to ``amount`` in total."""

    deadline: calendar.Deadline
    amount: Decimal


def deemed_served_on(decision: Decision) -> dt.date | None:
    service = decision.services.order_by("pk").first()
    return service.deemed_served_on if service else None


def payment_schedule(decision: Decision) -> list[Due]:
    """When the fine is due: 15 days after deemed service, or as the head approved.

    No fine, or not served yet: nothing is due (no false "overdue" on a warning).
    """
    served = deemed_served_on(decision)
    if decision.fine_amount is None or served is None:
        return []
    arrangement = decision.arrangements.order_by("-approved_at", "-pk").first()
    if arrangement is None:
        basis = PENALTY_LAW + "第六十七条第三款"
        return [Due(calendar.calendar_day_deadline(served, PAYMENT_DAYS, basis=basis),
                    decision.fine_amount)]  # fmt: skip
    basis = PENALTY_LAW + "第六十六条第二款" + str(_("; approved by %(head)s") % {
        "head": arrangement.approved_by})  # fmt: skip
    already = decision.fine_amount - sum(
        (i.amount for i in arrangement.instalments.all()), Decimal("0")
    )
    schedule, total = [], already
    for instalment in arrangement.instalments.order_by("due_on"):
        total += instalment.amount
        schedule.append(Due(_fixed(arrangement.approved_on, instalment.due_on, basis), total))
    return schedule


def _payments(decision: Decision) -> list[tuple[dt.date, Decimal]]:
    return list(decision.payments.order_by("paid_on", "pk").values_list("paid_on", "amount"))


def _paid_by(payments: list[tuple[dt.date, Decimal]], day: dt.date | None) -> Decimal:
    return sum((a for on, a in payments if day is None or on <= day), Decimal("0"))


def payment_deadline(decision: Decision) -> calendar.Deadline | None:
    """The next date by which more must be paid; None when nothing more is owed."""
    paid = _paid_by(_payments(decision), None)
    return next((due.deadline for due in payment_schedule(decision) if paid < due.amount), None)


def surcharge(decision: Decision, today: dt.date | None = None) -> Decimal:
    """The late-payment surcharge owed (加处罚款): 3 percent of the fine for each day past the
    first missed due date until the amount then due was paid (or today), at most the fine."""
    today = today or timezone.localdate()
    fine = decision.fine_amount
    if fine is None:
        return Decimal("0.00")
    payments = _payments(decision)
    for due in payment_schedule(decision):
        if _paid_by(payments, due.deadline.due) >= due.amount:
            continue
        settled = next((on for on, _a in payments if _paid_by(payments, on) >= due.amount), None)
        days = max(0, ((settled or today) - due.deadline.due).days)
        return min(fine * SURCHARGE_RATE * days, fine).quantize(CENT, ROUND_HALF_UP)
    return Decimal("0.00")


def demand_deadline(decision: Decision) -> calendar.Deadline | None:
    """10 working days after the latest formal demand (催告), before which no application."""
    demand = decision.executions.filter(kind=ExecutionKind.DEMAND).order_by("-on", "-pk").first()
    if demand is None:
        return None
    return calendar.working_day_deadline(
        demand.on, DEMAND_WORKING_DAYS, basis=COMPULSION_LAW + "第五十四条、第六十九条"
    )


@dataclass(frozen=True)
class Window:
    """When the court may be applied to: after ``opens``, up to ``closes`` (第五十三条)."""

    opens: dt.date
    closes: calendar.Deadline


def court_window(decision: Decision) -> Window | None:
    """The 3 months after the reconsideration and lawsuit periods (from deemed service) end."""
    served = deemed_served_on(decision)
    if served is None:
        return None
    periods_end = max(
        calendar.calendar_day_deadline(served, RECONSIDERATION_DAYS).due,
        calendar.month_deadline(served, LITIGATION_MONTHS).due,
    )
    closes = calendar.month_deadline(
        periods_end, COURT_WINDOW_MONTHS, basis=COMPULSION_LAW + "第五十三条"
    )
    return Window(opens=periods_end + dt.timedelta(days=1), closes=closes)


def answer_deadline(remedy: Remedy) -> calendar.Deadline | None:
    """The agency's answer to a reconsideration (10 working days) or lawsuit (15 days), from
    receipt of the copy of the application or complaint; None once answered."""
    if remedy.copy_received_on is None or remedy.answered_on is not None or remedy.outcome:
        return None
    if remedy.kind == RemedyKind.RECONSIDERATION:
        return calendar.working_day_deadline(
            remedy.copy_received_on, RECONSIDERATION_ANSWER_WORKING_DAYS,
            basis="《中华人民共和国行政复议法》第四十八条、第八十八条",
        )  # fmt: skip
    return calendar.calendar_day_deadline(
        remedy.copy_received_on,
        LITIGATION_ANSWER_DAYS,
        basis="《中华人民共和国行政诉讼法》第六十七条",
    )


def fine_outstanding(decision: Decision) -> bool:
    return decision.fine_amount is not None and decision.paid_total() < decision.fine_amount


def _enforcement(decision: Decision) -> Iterator[CaseDeadline]:
    """Each step's deadline until the next step is taken (the work list shows the earliest):
    payment until a demand is served, the demand's 10 days until they pass, then the court."""
    demand = demand_deadline(decision)
    due = payment_deadline(decision)
    if due is not None and demand is None:
        yield CaseDeadline(DeadlineKind.PAYMENT, _("Party pays the fine"), due)
    if not fine_outstanding(decision):
        return
    court = decision.executions.filter(kind=ExecutionKind.COURT).exists()
    if demand is not None and not court and timezone.localdate() <= demand.due:
        yield CaseDeadline(DeadlineKind.DEMAND, _("Party performs after the demand until"), demand)
    window = court_window(decision)
    if window is not None and not court and not decision.remedies.exists():
        yield CaseDeadline(
            DeadlineKind.COURT_APPLICATION, _("Apply to the court for enforcement by"),
            window.closes,
        )  # fmt: skip


def after_decision(case: Case) -> list[CaseDeadline]:
    """The deadlines after the decision running on ``case`` (registered with the cases app)."""
    if case.decided_on is None or case.stage in (Stage.SERVICE, Stage.DECISION):
        return []
    found: list[CaseDeadline] = []
    decisions = Decision.objects.filter(case_id=case.pk)
    for decision in decisions:
        if case.stage == Stage.EXECUTION and decision.status == DecisionStatus.IN_FORCE:
            found.extend(_enforcement(decision))
        for remedy in decision.remedies.filter(outcome="", answered_on__isnull=True):
            answer = answer_deadline(remedy)
            if answer is not None:
                kind = (
                    DeadlineKind.RECONSIDERATION_ANSWER
                    if remedy.kind == RemedyKind.RECONSIDERATION
                    else DeadlineKind.LITIGATION_ANSWER
                )
                purpose = _("Answer the challenge (%(body)s)") % {"body": remedy.body}
                found.append(CaseDeadline(kind, purpose, answer))
    # One deadline per kind (the earliest): supervision keys its warnings by case and kind.
    earliest: dict[str, CaseDeadline] = {}
    for item in sorted(found, key=lambda d: d.due):
        earliest.setdefault(item.kind, item)
    return list(earliest.values())


case_deadlines.register(after_decision)
