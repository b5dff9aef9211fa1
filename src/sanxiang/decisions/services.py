"""Writes of decisions: make (behind the review gate), serve, execute, payments, changes.

``make_decision`` is the only way a decision comes to exist: it asks the review gate, takes
the case's MAKE_DECISION step (whose registered guard asks the gate again) and writes the
decision row, whose check constraint refuses a required review left empty — three locks on
one door, and every other door (view, admin, API, command) calls this function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.choices import PowerCategory
from sanxiang.agencies.models import User
from sanxiang.cases import limits, party_rights, procedure
from sanxiang.cases import rulebook as cases_rules
from sanxiang.cases import services as cases
from sanxiang.cases.choices import Mitigation, Procedure, ServiceMethod, Stage, Transition
from sanxiang.cases.models import Case, CaseParty
from sanxiang.core.rulebook import raise_refusals, refusal
from sanxiang.decisions import deadlines, permissions, rulebook
from sanxiang.decisions.choices import (
    CORRECTIVE_OUTCOMES,
    OUTCOME_STATUS,
    ArrangementKind,
    DecisionStatus,
    ExecutionKind,
    LicensingOutcome,
    PaymentChannel,
    PaymentStatus,
    PenaltyType,
    RemedyKind,
    RemedyOutcome,
)
from sanxiang.decisions.models import (
    Decision,
    DecisionChange,
    DecisionNumberSequence,
    DecisionService,
    ExecutionRecord,
    FinePayment,
    Instalment,
    JudicialTransfer,
    PaymentArrangement,
    Remedy,
)
from sanxiang.ledger import services as ledger
from sanxiang.records import documents
from sanxiang.records.choices import STEP_DOCUMENTS, DocumentType
from sanxiang.records.context import chinese_date
from sanxiang.records.models import Document
from sanxiang.review.choices import Criterion
from sanxiang.review.constants import COLLECTIVE_PENALTIES
from sanxiang.review.gate import gate_state
from sanxiang.review.models import Applicability, Review
from sanxiang.review.rules import summary_catalogue_refusal


def _require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You do not have permission to do this."))


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _ledger(kind: str, decision: Decision, actor: User, payload: dict[str, Any]) -> int:
    entry = ledger.append(
        kind=kind, actor=actor, subject=f"case:{decision.case_id}",
        payload={"case": decision.case.number, "agency": decision.agency.code,
                 "decision": decision.number, **payload},
    )  # fmt: skip
    return int(entry.seq)


@dataclass(frozen=True)
class DecisionData:
    facts: str
    content: str
    legal_basis: str
    penalty_types: Sequence[str] = ()
    fine: Decimal | None = None
    confiscation: Decimal | None = None
    discretion_reasoning: str = ""
    collective_discussion: str = ""
    number: str = ""
    licensing_outcome: str = ""  # LicensingOutcome, for licensing cases only
    place: str = ""  # where an on-the-spot decision is made (第五十二条); the case's by default
    mitigation: str = ""  # cases.choices.Mitigation (行政处罚法 第三十条、第三十一条)
    mitigation_reasoning: str = ""


def needs_collective_discussion(case: Case, penalties: Sequence[str]) -> bool:
    """行政处罚法 第五十七条 第二款: 情节复杂或者重大违法 — complex cases, heavy penalties."""
    if set(penalties) & COLLECTIVE_PENALTIES:
        return True
    record = Applicability.objects.filter(case_id=case.pk).first()
    return bool(record and record.answers.get(Criterion.COMPLEX.value))


def _check_content(case: Case, data: DecisionData) -> None:
    if not data.facts.strip() or not data.content.strip() or not data.legal_basis.strip():
        raise ValidationError(
            _("Write the facts, the content of the decision and its legal basis.")
        )
    if set(data.penalty_types) - set(PenaltyType.values):
        raise ValidationError({"penalty_types": _("Unknown penalty type.")})
    if case.category == PowerCategory.LICENSING:
        if data.licensing_outcome not in LicensingOutcome.values:
            raise ValidationError({"licensing_outcome": _(
                "State whether the licence is granted or refused (行政许可法 第三十八条)."
            )})  # fmt: skip
    elif data.licensing_outcome:
        raise ValidationError(
            {"licensing_outcome": _("Only a licensing decision grants or refuses a licence.")}
        )
    if case.category == PowerCategory.PENALTY and not data.penalty_types:
        raise ValidationError({"penalty_types": _("Choose the penalty types (行政处罚法 第九条).")})
    if (PenaltyType.FINE in data.penalty_types) != (data.fine is not None):
        raise ValidationError({"fine": _("A fine needs its amount, and an amount needs the fine.")})
    for name, value in (("fine", data.fine), ("confiscation", data.confiscation)):
        if value is not None and value <= 0:
            raise ValidationError({name: _("Enter an amount above zero, or leave it empty.")})
    if (
        needs_collective_discussion(case, data.penalty_types)
        and not data.collective_discussion.strip()
    ):
        raise ValidationError({"collective_discussion": _(
            "This case is decided by the heads collectively (行政处罚法 第五十七条 第二款): record "
            "the discussion."
        )})  # fmt: skip


def _check_punishable(case: Case, data: DecisionData) -> None:
    """行政处罚法 第三十条、第三十一条、第三十六条 (cases.limits): out of time, a child, no
    capacity, or a minor's mitigation missing."""
    raise_refusals(limits.decision_refusals(
        case, penalties=bool(data.penalty_types), mitigation=data.mitigation,
        reasoning=data.mitigation_reasoning,
    ))  # fmt: skip


def _check_against_review(review: Review | None, data: DecisionData) -> None:
    """The decision may not go beyond what review cleared: heavier needs a new review."""
    if review is None:
        return
    heavier = set(data.penalty_types) - set(review.proposed_penalties)
    more = [
        (value, cleared)
        for value, cleared in (
            (data.fine, review.proposed_fine),
            (data.confiscation, review.proposed_confiscation),
        )
        if value is not None and (cleared is None or value > cleared)
    ]
    if heavier or more:
        raise ValidationError(_(
            "The decision goes beyond the proposal that passed review (version %(v)d): a "
            "heavier decision must be submitted for review again."
        ) % {"v": review.version})  # fmt: skip


def _check_party_heard(case: Case, data: DecisionData, on: dt.date) -> None:
    """行政处罚法 第四十四、四十五、六十二至六十五条: told, heard, not heavier (cases.procedure)."""
    decided = party_rights.Proposal(
        penalty_types=data.penalty_types, fine=data.fine, confiscated_gains=data.confiscation
    )
    raise_refusals(party_rights.decision_refusals(case, on, decided))


def _number(case: Case, year: int) -> str:
    sequence, _created = DecisionNumberSequence.objects.get_or_create(
        agency_id=case.agency_id, year=year
    )
    sequence = DecisionNumberSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last_serial += 1
    sequence.save(update_fields=["last_serial"])
    short = case.agency.short_name or case.agency.name
    mark = "罚决" if case.category == PowerCategory.PENALTY else "决"
    return f"{short}{mark}〔{year}〕{sequence.last_serial}号"


@transaction.atomic(durable=True)
def make_decision(
    *, actor: User, case: Case, data: DecisionData, on: dt.date | None = None
) -> Decision:
    """Make the decision (作出决定): only the head, only past the review gate."""
    case = Case.objects.select_for_update().select_related("agency").get(pk=case.pk)
    _require(permissions.can_decide_case(actor, case), deciders_message(case))
    state = gate_state(case)
    refusal = state.refusal()
    if refusal:
        raise ValidationError(refusal)
    if case.stage != Stage.DECISION:
        raise ValidationError(_("The case is not ready for a decision."))
    review = state.latest if state.verdict.required else None
    on = on or timezone.localdate()
    _check_summary(case, data, on, cleared=state.cleared)
    _check_content(case, data)
    _check_punishable(case, data)
    _check_against_review(review, data)
    _check_party_heard(case, data, on)
    number = data.number.strip() or _number(case, on.year)
    if (
        Decision.objects.filter(number=number).exists()
        or Document.objects.filter(number=number).exists()
    ):
        raise ValidationError({"number": _("This document number is already used.")})
    cases.apply_transition(actor=actor, case=case, transition=Transition.MAKE_DECISION, on=on)
    decision = Decision.objects.create(
        case=case, agency=case.agency, number=number, category=case.category,
        facts=data.facts.strip(), content=data.content.strip(),
        penalty_types=list(data.penalty_types), fine_amount=data.fine,
        confiscation_amount=data.confiscation, legal_basis=data.legal_basis.strip(),
        discretion_reasoning=data.discretion_reasoning.strip(),
        collective_discussion=data.collective_discussion.strip(), decided_on=on,
        mitigation=data.mitigation, mitigation_reasoning=data.mitigation_reasoning.strip(),
        decided_by=actor, review_required=bool(state.verdict.required), review=review,
        payment_status=PaymentStatus.UNPAID if data.fine else PaymentStatus.NOT_APPLICABLE,
        licensing_outcome=data.licensing_outcome, created_at=timezone.now(),
    )  # fmt: skip
    decision.document = documents.create_document(
        actor=actor, case=case, doc_type=documents.decision_document_type(case), on=on,
        number=number, extra={"decision": {**_decision_fields(decision),
                                           **summary_decision_fields(decision, data.place)}},
    )  # fmt: skip
    decision.ledger_seq = _ledger("decision.made", decision, actor, {
        "decided_on": on.isoformat(), "penalty_types": decision.penalty_types,
        "fine": _money(decision.fine_amount), "confiscation": _money(decision.confiscation_amount),
        "content": decision.content, "legal_basis": decision.legal_basis,
        "review": review.version if review else None, "review_required": decision.review_required,
        "collective_discussion": bool(decision.collective_discussion),
        "document": decision.document.digest,
        **({"licensing_outcome": decision.licensing_outcome} if decision.licensing_outcome else {}),
    })  # fmt: skip
    decision.save(update_fields=["ledger_seq", "document"])
    return decision


# --- The summary procedure (行政处罚法 第五十一条、第五十二条; cases.procedure) ---------------


def deciders_message(case: Case) -> str:
    if case.procedure == Procedure.SUMMARY:
        return str(refusal(cases_rules.SUMMARY_OFFICERS_DECIDE, _(
            "Only the case's handling officers or the agency head may decide on the spot."
        )))  # fmt: skip
    return _("Only the agency head decides.")


def _check_summary(case: Case, data: DecisionData, on: dt.date, *, cleared: bool) -> None:
    """A summary decision stays within 第五十一条, by officers whose credentials are valid
    (第四十二条、第五十二条), and honours a review-catalogue row that covers it."""
    if case.procedure != Procedure.SUMMARY:
        return
    found = procedure.summary_refusals(case, data.penalty_types, data.fine)
    officers = [link.officer for link in case.case_officers.select_related("officer")]
    problems = cases.credential_problems(officers, case.power_item.domain, on)
    found += [refusal(cases_rules.TWO_OFFICERS, problem, "officers") for problem in problems]
    catalogue = summary_catalogue_refusal(case, data.fine)
    if catalogue is not None and not cleared:
        found.append(catalogue)
    raise_refusals(found)


def summary_decision_fields(decision: Decision, place: str = "") -> dict[str, str]:
    """What a 当场处罚决定书 adds (第五十二条; rule penalty.summary.decision_form): the penalty
    types, the time and the place of the decision."""
    case = decision.case
    if case.procedure != Procedure.SUMMARY:
        return {}
    now = timezone.localtime()
    time = chinese_date(decision.decided_on)
    if decision.decided_on == now.date():
        time += f" {now:%H:%M}"
    act = case.acts.order_by("-started_at").first()
    return {
        "penalty_types": "、".join(str(PenaltyType(p).label) for p in decision.penalty_types),
        "time": time,
        "place": place.strip() or case.place or (act.place if act else "") or "—",
    }


# What the decision document says of a mitigation (the document is in Chinese whatever the UI).
MITIGATION_WORDS: dict[str, str] = {
    Mitigation.LIGHTER: "依法从轻处罚",
    Mitigation.REDUCED: "依法减轻处罚",
}


def _decision_fields(decision: Decision) -> dict[str, str]:
    """What the decision document says (records' ``context.DECISION_FIELDS``)."""
    discretion = decision.discretion_reasoning.rstrip("。；;，, ")
    if decision.mitigation:  # 行政处罚法 第三十条、第三十一条: the mitigation and its reasons
        reasons = decision.mitigation_reasoning.rstrip("。；;，, ")
        mitigation = f"{MITIGATION_WORDS[decision.mitigation]}（{reasons}）"
        discretion = f"{discretion}，{mitigation}" if discretion else mitigation
    return {
        "number": decision.number, "facts": decision.facts, "content": decision.content,
        "legal_basis": decision.legal_basis,
        "discretion": f"{discretion}，" if discretion else "",
        "fine": f"{decision.fine_amount:,.2f}" if decision.fine_amount is not None else "",
        "date": chinese_date(decision.decided_on),
    }  # fmt: skip


def _service_fields(decision: Decision, service: DecisionService) -> dict[str, str]:
    """What the 送达回证 says (records' ``context.SERVICE_FIELDS``)."""
    document = decision.document
    label = document.get_doc_type_display() if document else _("Decision")
    link = CaseParty.objects.filter(case_id=decision.case_id).select_related("party").first()
    party = link.party if link else None
    return {
        "document": f"{label}（{decision.number}）", "method": service.get_method_display(),
        "date": chinese_date(service.served_on), "recipient": service.recipient,
        # 公告送达: the day it counts as received (民事诉讼法 第九十五条), when not the same day.
        "deemed_date": chinese_date(service.deemed_served_on)
        if service.deemed_served_on != service.served_on else "",
        # Where the party was served: its address on file, else where the case arose.
        "place": (party.address if party else "") or decision.case.place or "—",
    }  # fmt: skip


def _locked(decision: Decision) -> Decision:
    Case.objects.select_for_update().filter(pk=decision.case_id).first()
    return Decision.objects.select_related("case__agency", "agency").get(pk=decision.pk)


def _check_day(on: dt.date, not_before: dt.date, field: str) -> None:
    if on > timezone.localdate() or on < not_before:
        raise ValidationError(
            {field: _("The date cannot be in the future or before the decision.")}
        )


@transaction.atomic(durable=True)
def serve_decision(
    *, actor: User, decision: Decision, method: ServiceMethod, served_on: dt.date,
    recipient: str, note: str = "",
) -> DecisionService:  # fmt: skip
    """Record service of the decision (送达; 行政处罚法 第六十一条) and move the case on."""
    decision = _locked(decision)
    _require(
        permissions.can_serve(actor, decision), _("Only the case's handling officers may do this.")
    )
    if decision.services.exists() or decision.case.stage != Stage.SERVICE:
        raise ValidationError(_("The decision has already been served."))
    _check_day(served_on, decision.decided_on, "served_on")
    if not recipient.strip():
        raise ValidationError({"recipient": _("Say who received the decision.")})
    if method not in ServiceMethod.values:
        raise ValidationError({"method": _("Choose the service method.")})
    if (
        method in (ServiceMethod.ELECTRONIC, ServiceMethod.LEFT, ServiceMethod.PUBLIC_NOTICE)
        and not note.strip()
    ):
        raise_refusals([refusal(rulebook.SERVICE_ELECTRONIC_CONSENT, _(
            "Record the party's written consent (electronic service), the witnesses (leaving "
            "the document) or the notice (public notice)."
        ), "note")])  # fmt: skip
    # 民事诉讼法 第八十七条至第九十五条: every later period runs from the deemed date.
    deemed = deadlines.deemed_service_date(method, served_on)
    service = DecisionService.objects.create(
        decision=decision, method=method, served_on=served_on, deemed_served_on=deemed,
        recipient=recipient.strip(), note=note.strip(), recorded_by=actor,
        recorded_at=timezone.now(),
    )  # fmt: skip
    cases.apply_transition(actor=actor, case=decision.case, transition=Transition.SERVE_DECISION,
                           on=served_on)  # fmt: skip
    service.receipt = documents.create_document(
        actor=actor, case=decision.case, doc_type=DocumentType.SERVICE_RECEIPT, on=served_on,
        extra={"service": _service_fields(decision, service)},
        step=STEP_DOCUMENTS[DocumentType.SERVICE_RECEIPT],
    )  # fmt: skip
    service.ledger_seq = _ledger("decision.served", decision, actor, {
        "method": method, "served_on": served_on.isoformat(),
        "deemed_served_on": deemed.isoformat(), "recipient": service.recipient,
        "receipt": service.receipt.number,
    })  # fmt: skip
    service.save(update_fields=["ledger_seq", "receipt"])
    return service


@transaction.atomic(durable=True)
def record_payment(
    *, actor: User, decision: Decision, amount: Decimal, paid_on: dt.date,
    channel: PaymentChannel, receipt_number: str,
) -> FinePayment:  # fmt: skip
    """Record a fine payment reported by the bank or non-tax system (罚缴分离; plan I5)."""
    decision = _locked(decision)
    _require(permissions.can_record_payment(actor, decision))
    if decision.fine_amount is None:
        raise ValidationError(_("This decision imposes no fine."))
    if amount <= 0 or amount > decision.fine_amount - decision.paid_total():
        raise ValidationError({"amount": _("The amount must be above zero and no more than what "
                                           "is still owed.")})  # fmt: skip
    _check_day(paid_on, decision.decided_on, "paid_on")
    if (
        not receipt_number.strip()
        or FinePayment.objects.filter(receipt_number=receipt_number.strip()).exists()
    ):
        raise ValidationError({"receipt_number": _("Enter the payment voucher number (once).")})
    payment = FinePayment.objects.create(
        decision=decision, amount=amount, paid_on=paid_on, channel=channel,
        receipt_number=receipt_number.strip(), recorded_by=actor, recorded_at=timezone.now(),
    )  # fmt: skip
    paid = decision.paid_total()
    decision.payment_status = (
        PaymentStatus.PAID if paid >= decision.fine_amount else PaymentStatus.PART_PAID
    )
    decision.save(update_fields=["payment_status"])
    payment.ledger_seq = _ledger("decision.payment", decision, actor, {
        "amount": str(amount), "paid_on": paid_on.isoformat(), "channel": channel,
        "receipt": payment.receipt_number, "paid_total": str(paid),
    })  # fmt: skip
    payment.save(update_fields=["ledger_seq"])
    return payment


@transaction.atomic(durable=True)
def record_execution(
    *, actor: User, decision: Decision, kind: ExecutionKind, on: dt.date, note: str = ""
) -> ExecutionRecord:
    """Record a step in carrying out the decision (执行)."""
    decision = _locked(decision)
    _require(
        permissions.can_serve(actor, decision), _("Only the case's handling officers may do this.")
    )
    if not decision.services.exists():
        raise ValidationError(_("Execution is recorded after the decision has been served."))
    _check_day(on, decision.decided_on, "on")
    if kind not in ExecutionKind.values:
        raise ValidationError({"kind": _("Choose the kind of step.")})
    if kind != ExecutionKind.PERFORMED and not note.strip():
        raise ValidationError({"note": _("Describe the step and its approval or document.")})
    raise_refusals(_enforcement_refusals(decision, kind, on))
    record = ExecutionRecord.objects.create(
        decision=decision, kind=kind, on=on, note=note.strip(), recorded_by=actor,
        recorded_at=timezone.now(),
    )  # fmt: skip
    _ledger("decision.execution", decision, actor, {"kind": kind, "on": on.isoformat(),
                                                    "note": record.note})  # fmt: skip
    return record


def _enforcement_refusals(decision: Decision, kind: str, on: dt.date) -> list[Any]:
    """行政强制法 第五十三条、第五十四条: a demand once the payment period has passed, the court
    only 10 working days after it and within 3 months of the end of the remedy periods; a
    deferral only through the head's approval (行政处罚法 第六十六条)."""
    if kind == ExecutionKind.DEFERRED:
        return [refusal(rulebook.PAYMENT_DEFERRAL, _(
            "A deferral or instalments is approved by the agency head with the new dates "
            "(\"Approve a deferral or instalments\"), not recorded as a step."
        ), "kind")]  # fmt: skip
    if kind == ExecutionKind.DEMAND:
        due = deadlines.payment_deadline(decision)
        if due is not None and on <= due.due:
            return [refusal(rulebook.ENFORCEMENT_DEMAND, _(
                "The party may still pay until %(due)s: a formal demand comes after that."
            ) % {"due": due.due.isoformat()}, "on")]  # fmt: skip
        return []
    if kind != ExecutionKind.COURT:
        return []
    demand = deadlines.demand_deadline(decision)
    if demand is None or on <= demand.due:
        message = (
            _("Serve a formal demand (催告) first and wait 10 working days after it.")
            if demand is None
            else _("After the formal demand the party has until %(due)s: apply to the court "
                   "after that day.") % {"due": demand.due.isoformat()}
        )  # fmt: skip
        return [refusal(rulebook.ENFORCEMENT_DEMAND, message, "on")]
    window = deadlines.court_window(decision)
    if window is None or decision.remedies.exists():
        return []
    if not window.opens <= on <= window.closes.due:
        return [refusal(rulebook.ENFORCEMENT_COURT_WINDOW, _(
            "The court is applied to between %(opens)s and %(closes)s, after the periods for "
            "reconsideration and lawsuit have ended and within 3 months of their end."
        ) % {"opens": window.opens.isoformat(), "closes": window.closes.due.isoformat()},
            "on")]  # fmt: skip
    return []


@transaction.atomic(durable=True)
def arrange_payment(
    *, actor: User, decision: Decision, kind: ArrangementKind, reason: str,
    instalments: Sequence[tuple[dt.date, Decimal]], on: dt.date | None = None,
) -> PaymentArrangement:  # fmt: skip
    """Approve a deferral or instalments of the fine (行政处罚法 第六十六条第二款): only the
    agency head, on the party's application, with the new date(s), which become the deadline."""
    decision = _locked(decision)
    if not permissions.can_decide(actor, decision.agency_id):
        # A refusal of the rule (not a bare 403), so every door gives the article.
        raise_refusals([refusal(rulebook.PAYMENT_DEFERRAL, _(
            "Only the agency head approves a deferral or instalments."
        ))])  # fmt: skip
    on = on or timezone.localdate()
    _check_day(on, decision.decided_on, "on")
    owed = (decision.fine_amount or Decimal("0")) - decision.paid_total()
    raise_refusals(_arrangement_refusals(decision, kind, reason, instalments, on, owed))
    arrangement = PaymentArrangement.objects.create(
        decision=decision, kind=kind, reason=reason.strip(), approved_by=actor, approved_on=on,
        approved_at=timezone.now(),
    )  # fmt: skip
    rows = [Instalment(arrangement=arrangement, due_on=d, amount=a) for d, a in instalments]
    Instalment.objects.bulk_create(rows)
    dates = "、".join(f"{d.isoformat()} ¥{a}" for d, a in instalments)
    ExecutionRecord.objects.create(
        decision=decision, kind=ExecutionKind.DEFERRED, on=on, recorded_by=actor,
        recorded_at=timezone.now(),
        note=f"{ArrangementKind(kind).label}：{dates}。{arrangement.reason}",
    )  # fmt: skip
    arrangement.ledger_seq = _ledger("decision.payment_arranged", decision, actor, {
        "kind": kind, "approved_on": on.isoformat(), "reason": arrangement.reason,
        "instalments": [[d.isoformat(), str(a)] for d, a in instalments],
    })  # fmt: skip
    arrangement.save(update_fields=["ledger_seq"])
    return arrangement


def _arrangement_refusals(
    decision: Decision, kind: str, reason: str, instalments: Sequence[tuple[dt.date, Decimal]],
    on: dt.date, owed: Decimal,
) -> list[Any]:  # fmt: skip
    rule = rulebook.PAYMENT_DEFERRAL
    if decision.fine_amount is None or owed <= 0:
        return [refusal(rule, _("Nothing is owed on this decision: there is no fine to defer."))]
    if not decision.services.exists():
        return [refusal(rule, _("The payment period starts with service: serve the decision "
                                "first."))]  # fmt: skip
    found = []
    if not reason.strip():
        found.append(refusal(rule, _("Record the party's application and the hardship it "
                                     "shows."), "reason"))  # fmt: skip
    count = 1 if kind == ArrangementKind.DEFERRAL else 2
    dates = [d for d, _a in instalments]
    if (
        kind not in ArrangementKind.values
        or len(instalments) < count
        or (kind == ArrangementKind.DEFERRAL and len(instalments) != 1)
    ):
        found.append(refusal(rule, _("A deferral has one new date; instalments have two or "
                                     "more."), "instalments"))  # fmt: skip
    elif dates != sorted(set(dates)) or dates[0] <= on:
        found.append(refusal(rule, _("The dates must come after the approval, each later "
                                     "than the one before."), "instalments"))  # fmt: skip
    elif any(a <= 0 for _d, a in instalments) or sum(a for _d, a in instalments) != owed:
        found.append(refusal(rule, _("The amounts must add up to what is still owed: "
                                     "¥%(owed)s.") % {"owed": owed}, "instalments"))  # fmt: skip
    return found


@transaction.atomic(durable=True)
def change_decision_status(
    *, actor: User, decision: Decision, status: DecisionStatus, reason: str, basis: str,
    on: dt.date,
) -> DecisionChange:  # fmt: skip
    """Record that a decision was revoked, confirmed illegal, changed, void or is to be remade.

    Publication reads this: a decision no longer in force is withdrawn from the portal within
    3 working days (行政处罚法 第四十八条).
    """
    decision = _locked(decision)
    _require(permissions.can_change_status(actor, decision), _("Only the agency head may do this."))
    if status == DecisionStatus.IN_FORCE or not decision.in_force:
        raise ValidationError(_("Only a decision in force can be revoked, confirmed illegal, "
                                "changed or sent back to be remade."))  # fmt: skip
    if not reason.strip() or not basis.strip():
        raise ValidationError(_("Give the reason and the decision or judgment it rests on."))
    _check_day(on, decision.decided_on, "on")
    return _apply_change(actor, decision, status, reason.strip(), basis.strip(), on)


def _apply_change(
    actor: User, decision: Decision, status: DecisionStatus, reason: str, basis: str, on: dt.date
) -> DecisionChange:
    change = DecisionChange.objects.create(
        decision=decision, status=status, reason=reason, basis=basis, on=on,
        recorded_by=actor, recorded_at=timezone.now(),
    )  # fmt: skip
    decision.status = status
    decision.save(update_fields=["status"])
    change.ledger_seq = _ledger("decision.status_changed", decision, actor, {
        "status": status, "reason": change.reason, "basis": change.basis, "on": on.isoformat(),
    })  # fmt: skip
    change.save(update_fields=["ledger_seq"])
    return change


def _check_past(on: dt.date, not_before: dt.date, field: str, message: str) -> None:
    if on > timezone.localdate() or on < not_before:
        raise ValidationError({field: message})


@transaction.atomic(durable=True)
def record_remedy(
    *, actor: User, decision: Decision, kind: RemedyKind, filed_on: dt.date, body: str,
    reference: str = "", copy_received_on: dt.date | None = None,
) -> Remedy:  # fmt: skip
    """Record that the party applied for reconsideration (行政复议) or sued (行政诉讼)."""
    decision = _locked(decision)
    _require(
        permissions.can_record_remedy(actor, decision),
        _("Only the case's handling officers or the agency head may do this."),
    )
    if kind not in RemedyKind.values:
        raise ValidationError({"kind": _("Choose reconsideration or litigation.")})
    _check_past(filed_on, decision.decided_on, "filed_on",
                _("The date cannot be in the future or before the decision."))  # fmt: skip
    if not body.strip():
        raise ValidationError({"body": _("Name the reconsideration body or the court.")})
    if copy_received_on is not None:
        _check_past(copy_received_on, filed_on, "copy_received_on",
                    _("The copy cannot be received in the future or before the application."))  # fmt: skip
    remedy = Remedy.objects.create(
        decision=decision, kind=kind, filed_on=filed_on, body=body.strip(),
        reference=reference.strip(), copy_received_on=copy_received_on, recorded_by=actor,
        recorded_at=timezone.now(),
    )  # fmt: skip
    remedy.ledger_seq = _ledger("decision.remedy_filed", decision, actor, {
        "remedy": remedy.pk, "kind": kind, "filed_on": filed_on.isoformat(),
        "body": remedy.body, "reference": remedy.reference,
        "copy_received_on": copy_received_on.isoformat() if copy_received_on else None,
    })  # fmt: skip
    remedy.save(update_fields=["ledger_seq"])
    return remedy


@transaction.atomic(durable=True)
def record_remedy_answer(
    *, actor: User, remedy: Remedy, copy_received_on: dt.date | None = None,
    answered_on: dt.date | None = None,
) -> Remedy:  # fmt: skip
    """Record when the copy of the application or complaint arrived (the answer period runs
    from it: 行政复议法 第四十八条, 行政诉讼法 第六十七条) and when the agency answered."""
    decision = _locked(remedy.decision)
    remedy = Remedy.objects.select_for_update().get(pk=remedy.pk)
    _require(
        permissions.can_record_remedy(actor, decision),
        _("Only the case's handling officers or the agency head may do this."),
    )
    received = copy_received_on or remedy.copy_received_on
    if received is None:
        raise ValidationError({"copy_received_on": _(
            "Enter the day the copy of the application or complaint was received."
        )})  # fmt: skip
    if remedy.answered_on is not None or (remedy.copy_received_on and copy_received_on):
        raise ValidationError(_("This is already recorded."))
    _check_past(received, remedy.filed_on, "copy_received_on",
                _("The copy cannot be received in the future or before the application."))  # fmt: skip
    if answered_on is not None:
        _check_past(answered_on, received, "answered_on",
                    _("The answer cannot be in the future or before the copy arrived."))  # fmt: skip
    remedy.copy_received_on, remedy.answered_on = received, answered_on
    remedy.save(update_fields=["copy_received_on", "answered_on"])
    due = deadlines.answer_deadline(Remedy(kind=remedy.kind, copy_received_on=received))
    _ledger("decision.remedy_answer", decision, actor, {
        "remedy": remedy.pk, "copy_received_on": received.isoformat(),
        "answer_due": due.due.isoformat() if due else None,
        "answered_on": answered_on.isoformat() if answered_on else None,
    })  # fmt: skip
    return remedy


@transaction.atomic(durable=True)
def record_remedy_outcome(
    *, actor: User, remedy: Remedy, outcome: RemedyOutcome, on: dt.date, note: str
) -> Remedy:
    """Record how a reconsideration or lawsuit ended.

    A corrective outcome (纠错: revoked, changed, confirmed illegal or void, to be made again)
    also changes the decision's standing, as ``change_decision_status`` does, when it is
    still in force: the portal withdraws it.
    """
    decision = _locked(remedy.decision)
    remedy = Remedy.objects.select_for_update().get(pk=remedy.pk)
    _require(
        permissions.can_record_remedy(actor, decision),
        _("Only the case's handling officers or the agency head may do this."),
    )
    if remedy.outcome:
        raise ValidationError(_("The outcome of this reconsideration or lawsuit is recorded."))
    if outcome not in RemedyOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    _check_past(on, remedy.filed_on, "on",
                _("The date cannot be in the future or before the application."))  # fmt: skip
    if not note.strip():
        raise ValidationError(
            {"note": _("Give the number and gist of the reconsideration decision or judgment.")}
        )
    remedy.outcome, remedy.outcome_on, remedy.outcome_note = outcome, on, note.strip()
    remedy.outcome_recorded_by, remedy.outcome_recorded_at = actor, timezone.now()
    remedy.outcome_ledger_seq = _ledger("decision.remedy_outcome", decision, actor, {
        "remedy": remedy.pk, "kind": remedy.kind, "outcome": outcome, "on": on.isoformat(),
        "note": remedy.outcome_note,
    })  # fmt: skip
    remedy.save()
    if outcome in CORRECTIVE_OUTCOMES and decision.in_force:
        basis = f"{remedy.body} {remedy.reference}".strip()
        _apply_change(actor, decision, OUTCOME_STATUS[RemedyOutcome(outcome)],
                      remedy.outcome_note, basis, on)  # fmt: skip
    return remedy


@transaction.atomic(durable=True)
def record_judicial_transfer(
    *, actor: User, case: Case, transferred_on: dt.date, organ: str, offence: str,
    reference: str = "", note: str = "",
) -> JudicialTransfer:  # fmt: skip
    """Record that the case was transferred to the judicial organs (移送司法机关)."""
    case = Case.objects.select_for_update().select_related("agency").get(pk=case.pk)
    _require(
        permissions.can_transfer(actor, case),
        _("Only the case's handling officers or the agency head may do this."),
    )
    _check_past(transferred_on, case.filed_on, "transferred_on",
                _("The date cannot be in the future or before the case was filed."))  # fmt: skip
    if not organ.strip():
        raise ValidationError({"organ": _("Name the organ the case was transferred to.")})
    if not offence.strip():
        raise ValidationError({"offence": _("Name the suspected offence.")})
    transfer = JudicialTransfer.objects.create(
        case=case, transferred_on=transferred_on, organ=organ.strip(), offence=offence.strip(),
        reference=reference.strip(), note=note.strip(), recorded_by=actor,
        recorded_at=timezone.now(),
    )  # fmt: skip
    entry = ledger.append(
        kind="case.judicial_transfer", actor=actor, subject=f"case:{case.pk}",
        payload={"case": case.number, "agency": case.agency.code, "transfer": transfer.pk,
                 "on": transferred_on.isoformat(), "organ": transfer.organ,
                 "offence": transfer.offence, "reference": transfer.reference},
    )  # fmt: skip
    transfer.ledger_seq = int(entry.seq)
    transfer.save(update_fields=["ledger_seq"])
    return transfer
