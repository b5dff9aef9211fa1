"""The party's rights before a penalty decision, as pure functions of the case's records.

行政处罚法 第四十四条 (the notice's content), 第四十五条 (never heavier for having spoken),
第六十二条 (no decision before the party is told and heard, unless a written waiver),
第六十三条 (when the party has a right to a hearing), 第六十四条 (request within 5 working
days; notice of the hearing 7 working days ahead; 第八十五条) and 第六十五条 (decide on the
hearing record). The services in ``cases.hearings``, the NOTIFY_PARTY guard, the deadline
engine, ``decisions.services.make_decision`` and the review checklist all ask these
functions, so the notice tells the party exactly what the system enforces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.choices import PowerCategory
from sanxiang.cases import rulebook
from sanxiang.cases.choices import PartyKind, PenaltyType, Procedure, ResponseKind, Transition
from sanxiang.cases.models import Case, Hearing, PartyResponse, PriorNotice
from sanxiang.cases.statemachine import register_guard
from sanxiang.core import calendar
from sanxiang.core.rulebook import Refusal, refusal

PENALTY_LAW = rulebook.PENALTY_LAW
# 行政处罚法 第六十四条 第一项 / 第二项, with 第八十五条: working days.
HEARING_REQUEST_WORKING_DAYS = 5
HEARING_NOTICE_WORKING_DAYS = 7
# Bounds for the agency's statement period (the law sets none; see the rule's setting).
STATEMENT_DAYS_BOUNDS = (1, 15)

# 行政处罚法 第六十三条 第一款 第三、四项: whatever the amount.
HEARING_PENALTIES = {
    PenaltyType.DOWNGRADE: "（三）降低资质等级",
    PenaltyType.REVOKE_LICENCE: "（三）吊销许可证件",
    PenaltyType.SUSPEND_BUSINESS: "（四）责令停产停业",
    PenaltyType.CLOSE: "（四）责令关闭",
    PenaltyType.BAR_PRACTICE: "（四）限制从业",
    PenaltyType.RESTRICT_BUSINESS: "（四）限制开展生产经营活动",
}


@dataclass(frozen=True)
class Proposal:
    """A proposed (or decided) penalty: types and amounts."""

    penalty_types: Sequence[str]
    fine: Decimal | None = None
    confiscated_gains: Decimal | None = None
    confiscated_property: Decimal | None = None
    other_heavy: bool = False

    @property
    def confiscation(self) -> Decimal | None:
        parts = [v for v in (self.confiscated_gains, self.confiscated_property) if v is not None]
        return sum(parts, Decimal("0")) if parts else None


def applies_to(case: Case) -> bool:
    """Penalty cases under the general or hearing procedure (not summary, not imported)."""
    return (
        case.category == PowerCategory.PENALTY
        and case.procedure in (Procedure.GENERAL, Procedure.HEARING)
        and not case.migrated
    )


def _persons(case: Case) -> bool:
    """Whether any party is a natural person (the lower, personal threshold then applies)."""
    return case.case_parties.filter(party__kind=PartyKind.NATURAL_PERSON).exists()


def hearing_grounds(case: Case, proposal: Proposal) -> list[str]:
    """The items of 行政处罚法 第六十三条 the proposal falls under (empty: no hearing right)."""
    person = _persons(case)
    fine_limit = Decimal(
        settings.CASES_HEARING_FINE_PERSON if person else settings.CASES_HEARING_FINE_ORGANISATION
    )
    confiscation_limit = Decimal(
        settings.CASES_HEARING_CONFISCATION_PERSON
        if person
        else settings.CASES_HEARING_CONFISCATION_ORGANISATION
    )
    grounds = []
    if proposal.fine is not None and proposal.fine >= fine_limit:
        grounds.append(f"（一）较大数额罚款（{fine_limit:,.0f}元以上）")
    if proposal.confiscated_gains is not None and proposal.confiscated_gains >= confiscation_limit:
        grounds.append(f"（二）没收较大数额违法所得（{confiscation_limit:,.0f}元以上）")
    if (
        proposal.confiscated_property is not None
        and proposal.confiscated_property >= confiscation_limit
    ):
        grounds.append(f"（二）没收较大价值非法财物（{confiscation_limit:,.0f}元以上）")
    grounds += [
        label for kind, label in HEARING_PENALTIES.items() if kind in proposal.penalty_types
    ]
    if proposal.other_heavy:
        grounds.append("（五）其他较重的行政处罚")
    return grounds


def latest_notice(case: Case) -> PriorNotice | None:
    """The notice in force: the one recorded last (a new notice replaces the earlier one)."""
    return PriorNotice.objects.filter(case_id=case.pk).order_by("-pk").first()


def statement_period(notice: PriorNotice) -> calendar.Deadline:
    """The period told in the notice for 陈述申辩 (agency-set; 行政处罚法 第六十二条)."""
    return calendar.working_day_deadline(
        notice.notified_on,
        notice.statement_working_days,
        basis=PENALTY_LAW + str(_("Article 62; period set by the agency")),
    )


def hearing_request_period(notice: PriorNotice) -> calendar.Deadline:
    """行政处罚法 第六十四条 第一项, 第八十五条: 5 working days after the notice."""
    return calendar.working_day_deadline(
        notice.notified_on,
        notice.hearing_request_working_days,
        basis=PENALTY_LAW + "第六十四条、第八十五条",
    )


def earliest_hearing_day(party_notified_on: dt.date) -> dt.date:
    """第六十四条 第二项: notified at least 7 (working, 第八十五条) days before the hearing."""
    return calendar.working_day_deadline(party_notified_on, HEARING_NOTICE_WORKING_DAYS).due


def notice_refusals(case: Case, proposal: Proposal, texts: dict[str, str]) -> list[Refusal]:
    """What a prior notice lacks (第四十四条): penalty, amounts, facts, reasons, basis."""
    found = []
    if not proposal.penalty_types:
        found.append(refusal(rulebook.NOTICE_CONTENT, _("Choose the proposed penalty types."),
                             "penalty_types"))  # fmt: skip
    if (PenaltyType.FINE in proposal.penalty_types) != (proposal.fine is not None):
        found.append(refusal(rulebook.NOTICE_CONTENT, _(
            "A proposed fine needs its amount, and an amount needs the fine."), "fine"))  # fmt: skip
    pairs = ((PenaltyType.CONFISCATE_GAINS, proposal.confiscated_gains, "confiscated_gains"),
             (PenaltyType.CONFISCATE_PROPERTY, proposal.confiscated_property,
              "confiscated_property"))  # fmt: skip
    for kind, amount, name in pairs:
        if (kind in proposal.penalty_types) != (amount is not None):
            found.append(refusal(rulebook.NOTICE_CONTENT, _(
                "A proposed confiscation needs its amount, and an amount needs the "
                "confiscation."), name))  # fmt: skip
    for name, value in (("fine", proposal.fine), ("confiscated_gains", proposal.confiscated_gains),
                        ("confiscated_property", proposal.confiscated_property)):  # fmt: skip
        if value is not None and value <= 0:
            found.append(refusal(rulebook.NOTICE_CONTENT, _("Enter an amount above zero."), name))
    labels = {"content": _("the proposed penalty in words"), "facts": _("the facts"),
              "reasons": _("the reasons"), "legal_basis": _("the legal basis")}  # fmt: skip
    for name, label in labels.items():
        if not texts.get(name, "").strip():
            found.append(refusal(rulebook.NOTICE_CONTENT, _(
                "The prior notice must state %(what)s.") % {"what": label}, name))  # fmt: skip
    return found


@register_guard(Transition.NOTIFY_PARTY)
def notice_guard(case: Case, transition: Transition) -> str | None:
    """NOTIFY_PARTY only with the notice's content recorded (served through cases.hearings)."""
    if not applies_to(case):
        return None
    notice = latest_notice(case)
    # The notice must be prepared in this stage: an earlier notice does not serve a new one.
    if notice is None or notice.recorded_at < case.stage_changed_at:
        return str(refusal(rulebook.NOTICE_CONTENT, _(
            "Prepare the prior notice with the proposed penalty, facts, reasons, legal basis and "
            "the party's rights; serving it moves the case on."
        )))  # fmt: skip
    return None


def _responses(case: Case, notice: PriorNotice) -> list[PartyResponse]:
    return list(PartyResponse.objects.filter(case_id=case.pk, notice=notice))


def _timely_request(responses: list[PartyResponse]) -> PartyResponse | None:
    return next((r for r in responses if r.kind == ResponseKind.HEARING_REQUEST and r.timely), None)


def held_hearing(case: Case, request: PartyResponse, by: dt.date) -> Hearing | None:
    """The hearing held on ``request`` on or before ``by`` (第六十五条: decide on its record)."""
    return (
        Hearing.objects.filter(case_id=case.pk, request=request, held_on__lte=by)
        .order_by("-held_on")
        .first()
    )


def is_heavier(decided: Proposal, proposed: Proposal) -> bool:
    """第四十五条: other penalty types, a larger fine or a larger confiscation than proposed."""
    if set(decided.penalty_types) - set(proposed.penalty_types):
        return True
    pairs = ((decided.fine, proposed.fine), (decided.confiscation, proposed.confiscation))
    return any(d is not None and (p is None or d > p) for d, p in pairs)


def notice_proposal(notice: PriorNotice) -> Proposal:
    return Proposal(
        penalty_types=notice.penalty_types, fine=notice.fine,
        confiscated_gains=notice.confiscated_gains,
        confiscated_property=notice.confiscated_property, other_heavy=notice.other_heavy,
    )  # fmt: skip


def decision_refusals(case: Case, on: dt.date, decided: Proposal) -> list[Refusal]:
    """Why a penalty decision dated ``on`` may not be made (第四十四、四十五、六十二至六十五条)."""
    if not applies_to(case):
        return []
    notice = latest_notice(case)
    if notice is None:
        return [refusal(rulebook.STATEMENT_HEARD, _(
            "No prior notice with the proposed penalty is recorded: the party must be told "
            "first."))]  # fmt: skip
    if on < notice.notified_on:
        return [refusal(rulebook.AFTER_NOTICE, _(
            "The decision cannot be dated before the prior notice (%(day)s).")
            % {"day": notice.notified_on.isoformat()}, "on")]  # fmt: skip
    found = []
    if is_heavier(decided, notice_proposal(notice)):
        found.append(refusal(rulebook.NO_HEAVIER, _(
            "The decision is heavier than the penalty proposed in the prior notice: serve a new "
            "prior notice first.")))  # fmt: skip
    # Only what the party had done by the decision's date counts for it.
    responses = [r for r in _responses(case, notice) if r.on <= on]
    kinds = {r.kind for r in responses}
    request = _timely_request(responses)
    hearing = held_hearing(case, request, on) if request else None
    heard = bool(kinds & {ResponseKind.STATEMENT, ResponseKind.WAIVER}) or hearing is not None
    statement_due = statement_period(notice).due
    if on <= statement_due and not heard:
        found.append(refusal(rulebook.STATEMENT_HEARD, _(
            "The party may state and defend until %(day)s: record the statement or the written "
            "waiver, or decide after that day.") % {"day": statement_due.isoformat()}))  # fmt: skip
    if notice.hearing_right and request is None:
        request_due = hearing_request_period(notice).due
        if on <= request_due and ResponseKind.WAIVER not in kinds:
            found.append(refusal(rulebook.HEARING_REQUEST_PERIOD, _(
                "The party may request a hearing until %(day)s: record the request or the "
                "written waiver, or decide after that day.")
                % {"day": request_due.isoformat()}))  # fmt: skip
    if request is not None and hearing is None:
        found.append(refusal(rulebook.HEARING_HELD, _(
            "The party asked for a hearing in time: hold it and record the hearing record "
            "(听证笔录) before deciding; the decision cannot be dated before the hearing.")))  # fmt: skip
    return found


@register_guard(Transition.MAKE_DECISION)
def decision_guard(case: Case, transition: Transition) -> str | None:
    """The case page and every door: no decision today while the party's rights stand."""
    notice = latest_notice(case)
    decided = notice_proposal(notice) if notice else Proposal(penalty_types=())
    found = decision_refusals(case, timezone.localdate(), decided)
    return " ".join(str(item) for item in found) or None
