"""Writes of the party's rights before a decision: the prior notice, the party's response,
the hearing's schedule and its record (行政处罚法 第四十四条、第四十五条、第六十二条至第六十五条).

Each service checks permission and state, asks the rules in ``cases.party_rights``, writes its
record and its ledger entry in one transaction; every door (workbench, API, admin) calls them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.models import Officer, User
from sanxiang.cases import party_rights, permissions, rulebook
from sanxiang.cases.choices import Procedure, ResponseKind, ServiceMethod, Stage, Transition
from sanxiang.cases.models import Case, Hearing, PartyResponse, PriorNotice
from sanxiang.cases.services import (
    _check_day,
    _ledger,
    _refuse_if_frozen,
    _require,
    apply_transition,
)
from sanxiang.core.rulebook import raise_refusals, refusal

# Stages in which a notice served earlier (before this record existed) may be written down.
_LATE_RECORD_STAGES = {Stage.NOTIFICATION, Stage.DEFENCE, Stage.LEGAL_REVIEW, Stage.DECISION}
_OPEN_STAGES = {Stage.NOTIFICATION, Stage.DEFENCE, Stage.LEGAL_REVIEW, Stage.DECISION,
                Stage.PROPOSAL}  # fmt: skip


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class NoticeData:
    """What the prior notice tells the party (第四十四条)."""

    penalty_types: tuple[str, ...] | list[str]
    content: str
    facts: str
    reasons: str
    legal_basis: str
    notified_on: dt.date
    method: str = ServiceMethod.DIRECT
    fine: Decimal | None = None
    confiscated_gains: Decimal | None = None
    confiscated_property: Decimal | None = None
    other_heavy: bool = False

    @property
    def proposal(self) -> party_rights.Proposal:
        return party_rights.Proposal(
            penalty_types=list(self.penalty_types), fine=self.fine,
            confiscated_gains=self.confiscated_gains,
            confiscated_property=self.confiscated_property, other_heavy=self.other_heavy,
        )  # fmt: skip


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("agency").get(pk=case.pk)


def _statement_days() -> int:
    days = int(settings.CASES_STATEMENT_WORKING_DAYS)
    low, high = party_rights.STATEMENT_DAYS_BOUNDS
    if not low <= days <= high:
        raise ValidationError(
            _("The agency's statement period (%(days)d working days) is outside %(low)d–%(high)d.")
            % {"days": days, "low": low, "high": high}
        )
    return days


@transaction.atomic(durable=True)
def serve_prior_notice(*, actor: User, case: Case, data: NoticeData) -> PriorNotice:
    """Record the prior notice's content and serve it (NOTIFY_PARTY); a new one replaces it."""
    case = _locked(case)
    _require(permissions.can_handle(actor, case))
    _refuse_if_frozen(case)
    if not party_rights.applies_to(case):
        raise ValidationError(
            _("Only a penalty case under the general or hearing procedure has a prior notice.")
        )
    late = case.stage in _LATE_RECORD_STAGES and party_rights.latest_notice(case) is None
    if case.stage != Stage.PROPOSAL and not late:
        raise ValidationError(
            _("A prior notice is served after the investigation is concluded (审查/拟决定).")
        )
    texts = {"content": data.content, "facts": data.facts, "reasons": data.reasons,
             "legal_basis": data.legal_basis}  # fmt: skip
    raise_refusals(party_rights.notice_refusals(case, data.proposal, texts))
    if data.method not in ServiceMethod.values:
        raise ValidationError({"method": _("Say how the notice was served.")})
    _check_day(data.notified_on, "notified_on", not_before=case.filed_on)
    grounds = party_rights.hearing_grounds(case, data.proposal)
    notice = PriorNotice.objects.create(
        case=case, penalty_types=list(data.penalty_types), fine=data.fine,
        confiscated_gains=data.confiscated_gains, confiscated_property=data.confiscated_property,
        other_heavy=data.other_heavy, content=data.content.strip(), facts=data.facts.strip(),
        reasons=data.reasons.strip(), legal_basis=data.legal_basis.strip(),
        statement_working_days=_statement_days(),
        hearing_right=bool(grounds) or case.procedure == Procedure.HEARING, hearing_grounds=grounds,
        hearing_request_working_days=party_rights.HEARING_REQUEST_WORKING_DAYS,
        notified_on=data.notified_on, method=data.method, served_by=actor,
        recorded_at=timezone.now(),
    )  # fmt: skip
    if not late:
        case = apply_transition(
            actor=actor, case=case, transition=Transition.NOTIFY_PARTY, on=data.notified_on
        )
    notice.ledger_seq = _ledger("case.prior_notice_served", case, actor, {
        "notice": notice.pk, "notified_on": notice.notified_on.isoformat(), "method": data.method,
        "penalty_types": notice.penalty_types, "fine": _money(notice.fine),
        "confiscated_gains": _money(notice.confiscated_gains),
        "confiscated_property": _money(notice.confiscated_property),
        "hearing_right": notice.hearing_right, "hearing_grounds": grounds,
        "statement_working_days": notice.statement_working_days, "late_record": late,
        "content": _digest(notice.content + notice.facts + notice.reasons + notice.legal_basis),
    })  # fmt: skip
    notice.save(update_fields=["ledger_seq"])
    return notice


@transaction.atomic(durable=True)
def record_response(
    *, actor: User, case: Case, kind: ResponseKind, on: dt.date, content: str = ""
) -> PartyResponse:
    """Record the party's statement, written waiver, hearing request, or silence."""
    case = _locked(case)
    _require(permissions.can_handle(actor, case))
    _refuse_if_frozen(case)
    notice = party_rights.latest_notice(case)
    if notice is None or case.decided_on is not None or case.stage not in _OPEN_STAGES:
        raise ValidationError(_("The party's response is recorded after the prior notice and "
                                "before the decision."))  # fmt: skip
    if kind not in ResponseKind.values:
        raise ValidationError({"kind": _("Choose what the party did.")})
    _check_day(on, "on", not_before=notice.notified_on)
    if kind in (ResponseKind.STATEMENT, ResponseKind.WAIVER) and not content.strip():
        raise ValidationError({"content": _(
            "Write down the statement and defence, or the words of the written waiver."
        )})  # fmt: skip
    if kind == ResponseKind.NO_RESPONSE and on <= party_rights.statement_period(notice).due:
        raise_refusals([refusal(rulebook.STATEMENT_HEARD, _(
            "The statement period runs until %(day)s: silence can be recorded only after it.")
            % {"day": party_rights.statement_period(notice).due.isoformat()}, "kind")])  # fmt: skip
    timely = True
    if kind == ResponseKind.HEARING_REQUEST:
        timely = notice.hearing_right and on <= party_rights.hearing_request_period(notice).due
    response = PartyResponse.objects.create(
        case=case, notice=notice, kind=kind, on=on, content=content.strip(), timely=timely,
        recorded_by=actor, recorded_at=timezone.now(),
    )  # fmt: skip
    if case.stage == Stage.NOTIFICATION:
        case = apply_transition(actor=actor, case=case, transition=Transition.OPEN_DEFENCE, on=on)
    response.ledger_seq = _ledger("case.party_response_recorded", case, actor, {
        "response": response.pk, "notice": notice.pk, "kind": kind, "on": on.isoformat(),
        "timely": timely, "content": _digest(response.content),
    })  # fmt: skip
    response.save(update_fields=["ledger_seq"])
    return response


def _check_presiding(case: Case, presiding: str, officer: Officer | None) -> None:
    investigators = list(Officer.objects.filter(case_links__case=case))
    if not presiding.strip():
        raise ValidationError({"presiding": _("Name who presides over the hearing.")})
    if (officer is not None and officer in investigators) or presiding.strip() in {
        o.name for o in investigators
    }:
        raise_refusals([refusal(rulebook.HEARING_PRESIDING, _(
            "An officer who investigated the case cannot preside over its hearing."),
            "presiding")])  # fmt: skip


@transaction.atomic(durable=True)
def schedule_hearing(
    *, actor: User, case: Case, scheduled_at: dt.datetime, place: str, party_notified_on: dt.date,
    presiding: str, presiding_officer: Officer | None = None,
) -> Hearing:  # fmt: skip
    """Schedule the requested hearing: time, place, notified 7 working days ahead (第六十四条)."""
    case = _locked(case)
    _require(permissions.can_handle(actor, case))
    _refuse_if_frozen(case)
    request = (
        PartyResponse.objects.filter(case=case, kind=ResponseKind.HEARING_REQUEST)
        .order_by("-timely", "-pk")
        .first()
    )
    if request is None or case.decided_on is not None:
        raise ValidationError(_("A hearing is scheduled after the party asks for one and before "
                                "the decision."))  # fmt: skip
    if not place.strip():
        raise ValidationError({"place": _("Say where the hearing is held.")})
    _check_day(party_notified_on, "party_notified_on", not_before=request.on)
    day = timezone.localdate(scheduled_at)
    earliest = party_rights.earliest_hearing_day(party_notified_on)
    if day < earliest:
        raise_refusals([refusal(rulebook.HEARING_NOTICE, _(
            "The party must be notified at least 7 working days before the hearing: notified on "
            "%(notified)s, the hearing can be on %(day)s at the earliest.")
            % {"notified": party_notified_on.isoformat(), "day": earliest.isoformat()},
            "scheduled_at")])  # fmt: skip
    _check_presiding(case, presiding, presiding_officer)
    hearing = Hearing.objects.create(
        case=case, request=request, scheduled_at=scheduled_at, place=place.strip(),
        party_notified_on=party_notified_on, presiding=presiding.strip(),
        presiding_officer=presiding_officer, scheduled_by=actor,
    )  # fmt: skip
    _ledger("case.hearing_scheduled", case, actor, {
        "hearing": hearing.pk, "request": request.pk, "scheduled_at": scheduled_at.isoformat(),
        "place": hearing.place, "party_notified_on": party_notified_on.isoformat(),
        "presiding": hearing.presiding,
    })  # fmt: skip
    return hearing


@transaction.atomic(durable=True)
def record_hearing(*, actor: User, hearing: Hearing, held_on: dt.date, summary: str) -> Hearing:
    """Record the hearing held (听证笔录): who presided, the day, what was said (第六十五条)."""
    case = _locked(hearing.case)
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    _require(permissions.can_handle(actor, case))
    _refuse_if_frozen(case)
    if hearing.held_on is not None:
        raise ValidationError(_("This hearing's record is already entered."))
    if case.decided_on is not None:
        raise ValidationError(_("The case is already decided."))
    _check_day(held_on, "held_on")
    if held_on != timezone.localdate(hearing.scheduled_at):
        raise_refusals([refusal(rulebook.HEARING_NOTICE, _(
            "The hearing was notified for %(day)s: held on another day, it must be scheduled "
            "and notified again.") % {"day": timezone.localdate(hearing.scheduled_at)},
            "held_on")])  # fmt: skip
    if not summary.strip():
        raise_refusals([refusal(rulebook.HEARING_HELD, _(
            "Enter the hearing record: what the parties said and the evidence examined."),
            "summary")])  # fmt: skip
    hearing.held_on = held_on
    hearing.record_summary = summary.strip()
    hearing.recorded_by = actor
    hearing.ledger_seq = _ledger("case.hearing_held", case, actor, {
        "hearing": hearing.pk, "held_on": held_on.isoformat(), "presiding": hearing.presiding,
        "record": _digest(hearing.record_summary),
    })  # fmt: skip
    hearing.save(update_fields=["held_on", "record_summary", "recorded_by", "ledger_seq"])
    return hearing
