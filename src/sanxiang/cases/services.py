"""Writes to cases: one service per use case, each taking the acting user.

A service checks permission and state, validates, writes the change, its transition row
and its ledger entry in one transaction. ``apply_transition`` joins the caller's
transaction, for other apps' services (review, decisions, records) that move a case as
part of their own work; everything else uses the durable ``transition_case``.
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

from sanxiang.agencies.choices import CredentialState, PowerCategory
from sanxiang.agencies.models import EnforcementDomain, Officer, PowerItem, User
from sanxiang.cases import limits, permissions, procedure, rulebook, selectors, statemachine
from sanxiang.cases.choices import (
    CATEGORY_MARK,
    ActKind,
    ActStatus,
    ApprovalKind,
    CaseSource,
    DeadlineKind,
    PartyKind,
    PersonalField,
    Procedure,
    Responsibility,
    RulesFlag,
    ServiceMethod,
    Stage,
    Transition,
)
from sanxiang.cases.limits import ViolationData
from sanxiang.cases.models import (
    Act,
    ActOfficer,
    Case,
    CaseApproval,
    CaseEvent,
    CaseNumberFormat,
    CaseNumberSequence,
    CaseOfficer,
    CaseParty,
    DeadlineExtension,
    Party,
    PartyDisclosure,
    SummaryLimit,
)
from sanxiang.core import pii
from sanxiang.core.identifiers import normalise_resident_id, normalise_uscc
from sanxiang.core.rulebook import raise_refusals, refusal
from sanxiang.ledger import services as ledger

# 行政处罚法 第四十二条: at least two officers with enforcement credentials.
MIN_OFFICERS = 2
# The date a transition records: the stage's own date, stamped on the case for deadlines.
_STAMPS = {
    Stage.NOTIFICATION: "notified_on",
    Stage.SERVICE: "decided_on",
    Stage.EXECUTION: "served_on",
    Stage.CLOSED: "closed_on",
    Stage.ARCHIVED: "archived_on",
}
_ACT_KINDS_NEEDING_METHOD = {ActKind.SERVICE}


def _require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You do not have permission to do this."))


def _refuse_if_frozen(case: Case) -> None:
    if case.is_frozen:
        raise ValidationError(
            _(
                "This case is archived and its file is frozen: add a correction with its "
                "reason and approver instead."
            )
        )


@dataclass(frozen=True)
class PartyData:
    """What an officer enters about a party; checked and normalised by ``_party``."""

    kind: str
    name: str
    id_number: str = ""
    uscc: str = ""
    legal_representative: str = ""
    address: str = ""
    phone: str = ""
    # 行政处罚法 第四十条: the officer confirms that a known identifier under another name is
    # the same person; never merged silently.
    same_person_confirmed: bool = False


def _party(agency_id: int, data: PartyData) -> Party:
    """The agency's party with this identifier, or a new one (one record per party)."""
    name = data.name.strip()
    if not name:
        raise ValidationError({"party_name": _("Enter the party's name.")})
    if data.kind == PartyKind.NATURAL_PERSON:
        try:
            id_number, uscc = normalise_resident_id(data.id_number), ""
        except ValidationError as error:
            raise ValidationError({"party_id_number": error.messages}) from error
        # The ID number is stored encrypted: the same person is found by its keyed hash.
        lookup = {"id_number_digest": pii.keyed_hash(id_number)}
    else:
        try:
            id_number, uscc = "", normalise_uscc(data.uscc)
        except ValidationError as error:
            raise ValidationError({"party_uscc": error.messages}) from error
        lookup = {"uscc": uscc}
    existing = Party.objects.filter(agency_id=agency_id, **lookup).first()
    if existing is not None:
        _check_same_person(existing, name, data)
        return existing
    party = Party(
        agency_id=agency_id, kind=data.kind, name=name, uscc=uscc,
        legal_representative=data.legal_representative.strip(),
    )  # fmt: skip
    # Encrypted as they are set (core.pii).
    party.id_number, party.address, party.phone = id_number, data.address, data.phone
    party.full_clean()
    party.save()
    return party


def _check_same_person(existing: Party, name: str, data: PartyData) -> None:
    """An identifier already on record under another name: stop and ask (第四十条)."""
    if existing.name.strip() == name or data.same_person_confirmed:
        return
    label = (
        _("ID number") if data.kind == PartyKind.NATURAL_PERSON else _("unified social credit code")
    )
    raise_refusals([refusal(rulebook.PARTY_IDENTITY, _(
        "This %(label)s is already on record as the party “%(existing)s”, not "
        "“%(name)s”. Check the identity document; if it is the same person, tick "
        "“confirmed: the same person” and submit again."
    ) % {"label": label, "existing": existing.name, "name": name}, "same_person_confirmed")])  # fmt: skip


def credential_problems(
    officers: Sequence[Officer], domain: EnforcementDomain, on: dt.date
) -> list[str]:
    """Why each officer may not act on ``on`` in ``domain`` (empty when all may)."""
    problems = []
    for officer in officers:
        credentials = list(officer.credentials.prefetch_related("domains"))
        valid = [c for c in credentials if c.state_on(on) == CredentialState.VALID]
        if not valid:
            states = "、".join(f"{c.number}（{c.state_on(on).label}）" for c in credentials)
            problems.append(
                _("%(name)s holds no credential valid on %(day)s (%(states)s).")
                % {"name": officer.name, "day": on.isoformat(), "states": states or _("none")}
            )
        elif not any(domain in c.domains.all() for c in valid):
            problems.append(
                _("%(name)s's credential %(number)s does not cover %(domain)s.")
                % {"name": officer.name, "number": valid[0].number, "domain": domain.name}
            )
    return problems


def _check_officers(officers: Sequence[Officer], case_agency_id: int, domain: Any, on: dt.date):
    if len({o.pk for o in officers}) < MIN_OFFICERS:
        raise_refusals(
            [refusal(rulebook.TWO_OFFICERS, _("Choose at least two officers."), "officers")]
        )
    if any(o.agency_id != case_agency_id for o in officers):
        raise ValidationError({"officers": _("Every officer must belong to the case's agency.")})
    problems = credential_problems(officers, domain, on)
    if problems:
        raise ValidationError({"officers": problems})


def _take_number(power_item: PowerItem, year: int) -> tuple[str, int]:
    sequence, _created = CaseNumberSequence.objects.get_or_create(
        agency_id=power_item.agency_id, category=power_item.category, year=year
    )
    sequence = CaseNumberSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last_serial += 1
    sequence.save(update_fields=["last_serial"])
    fmt = CaseNumberFormat.objects.filter(
        agency_id=power_item.agency_id, category=power_item.category
    ).first()
    agency = power_item.agency
    template = (
        fmt.template
        if fmt
        else (agency.short_name or agency.name) + CATEGORY_MARK[PowerCategory(power_item.category)]
        + "〔{year}〕{serial}号"
    )  # fmt: skip
    return template.format(year=year, serial=sequence.last_serial), sequence.last_serial


def _today() -> dt.date:
    return timezone.localdate()


def _check_day(on: dt.date, field: str, not_before: dt.date | None = None) -> None:
    if on > _today():
        raise ValidationError({field: _("The date cannot be in the future.")})
    if not_before is not None and on < not_before:
        raise ValidationError(
            {field: _("The date cannot be before %(day)s.") % {"day": not_before.isoformat()}}
        )


def _ledger(kind: str, case: Case, actor: User, payload: dict[str, Any]) -> int:
    entry = ledger.append(
        kind=kind,
        payload={"case": case.number, "agency": case.agency.code, **payload},
        actor=actor,
        subject=f"case:{case.pk}",
    )
    return int(entry.seq)


@transaction.atomic(durable=True)
def open_case(
    *, actor: User, power_item: PowerItem, procedure: Procedure, title: str, source: CaseSource,
    filed_on: dt.date, officers: Sequence[Officer], lead: Officer, parties: Sequence[PartyData],
    facts: str = "", place: str = "", violation: ViolationData | None = None,
) -> Case:  # fmt: skip
    """File a case (立案): its number, parties and at least two qualified handling officers."""
    _require(permissions.can_open_case(actor, power_item.agency))
    if not power_item.is_active:
        raise ValidationError({"power_item": _("This power item is no longer in force.")})
    _check_day(filed_on, "filed_on")
    _check_officers(officers, power_item.agency_id, power_item.domain, filed_on)
    violation = _check_violation_at_filing(power_item, violation, filed_on)
    if lead not in officers:
        raise ValidationError({"lead": _("The lead handler must be one of the officers.")})
    if not parties:
        raise ValidationError({"party_name": _("A case needs at least one party.")})
    party_rows = [_party(power_item.agency_id, data) for data in parties]
    number, serial = _take_number(power_item, filed_on.year)
    case = Case(
        agency_id=power_item.agency_id, number=number, serial=serial, year=filed_on.year,
        power_item=power_item, category=power_item.category, procedure=procedure,
        title=title.strip(), facts=facts.strip(), source=source, place=place.strip(),
        filed_on=filed_on, stage_changed_at=timezone.now(), filed_by=actor,
    )  # fmt: skip
    _set_violation(case, violation)
    case.full_clean()
    case.save()
    CaseOfficer.objects.bulk_create(
        CaseOfficer(case=case, officer=o, is_lead=o == lead) for o in dict.fromkeys(officers)
    )
    CaseParty.objects.bulk_create(
        CaseParty(case=case, party=p, order=i) for i, p in enumerate(dict.fromkeys(party_rows))
    )
    _ledger(
        "case.opened", case, actor,
        {
            "power_item": power_item.code, "category": case.category, "procedure": procedure,
            "title": case.title, "filed_on": filed_on.isoformat(),
            "officers": sorted(o.name for o in officers),
            "parties": [p.public_identifier for p in party_rows],
            **_violation_payload(case),
        },
    )  # fmt: skip
    return case


def _check_violation_at_filing(
    power_item: PowerItem, violation: ViolationData | None, filed_on: dt.date
) -> ViolationData | None:
    """行政处罚法 第三十六条: a penalty case records its violation date and is within time."""
    if power_item.category != PowerCategory.PENALTY:
        return violation if violation and violation.committed_on else None
    violation = violation or ViolationData(committed_on=None)
    limits.check_violation(violation, filed_on=filed_on)
    probe = Case(category=power_item.category, filed_on=filed_on)
    _set_violation(probe, violation)
    late = limits.limitation_refusal(probe)
    if late is not None:
        raise_refusals([late])
    return violation


def _set_violation(case: Case, violation: ViolationData | None) -> None:
    if violation is None:
        return
    case.violation_on = violation.committed_on
    case.violation_continuing = violation.continuing
    case.violation_ended_on = violation.ended_on if violation.continuing else None
    case.limitation_extended = violation.extended
    case.limitation_reason = violation.extension_reason.strip() if violation.extended else ""


def _violation_payload(case: Case) -> dict[str, Any]:
    if case.violation_on is None:
        return {}
    return {
        "violation_on": case.violation_on.isoformat(), "continuing": case.violation_continuing,
        "violation_ended_on": case.violation_ended_on.isoformat()
        if case.violation_ended_on else None,
        "limitation_extended": case.limitation_extended,
    }  # fmt: skip


@transaction.atomic(durable=True)
def add_party(*, actor: User, case: Case, party: PartyData) -> Party:
    """Add a party to a case (several parties are allowed)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require(permissions.can_handle(actor, case))
    _refuse_if_frozen(case)
    row = _party(case.agency_id, party)
    if CaseParty.objects.filter(case=case, party=row).exists():
        raise ValidationError({"party_name": _("This party is already on the case.")})
    CaseParty.objects.create(case=case, party=row, order=case.case_parties.count())
    _ledger("case.party_added", case, actor, {"party": row.public_identifier, "name": row.name})
    return row


def apply_transition(
    *, actor: User, case: Case, transition: Transition, on: dt.date | None = None,
    reason: str = "",
) -> Case:  # fmt: skip
    """Move ``case`` along ``transition`` inside the caller's transaction."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("agency").get(pk=case.pk)
        rule = statemachine.TRANSITIONS[transition]
        reasons = selectors.transition_reasons(user=actor, case=case, transition=transition)
        if reasons and not permissions.can_take(actor, case, rule):
            raise PermissionDenied(" ".join(reasons))
        if reasons:
            raise ValidationError(reasons)
        if rule.reason_required and not reason.strip():
            raise ValidationError({"reason": _("Give the reason; the law requires one here.")})
        on = on or _today()
        _check_day(on, "on", not_before=case.filed_on)
        source = case.stage
        case.stage = rule.target
        case.stage_changed_at = timezone.now()
        fields = ["stage", "stage_changed_at"]
        stamp = _STAMPS.get(rule.target)
        if stamp:
            setattr(case, stamp, on)
            fields.append(stamp)
        fields += _procedure_change(case, transition)
        case.save(update_fields=fields)
        seq = _ledger(
            "case.transition", case, actor,
            {"transition": transition.value, "from": source, "to": rule.target,
             "on": on.isoformat(), "reason": reason.strip(),
             **({"procedure": case.procedure} if "procedure" in fields else {})},
        )  # fmt: skip
        CaseEvent.objects.create(
            case=case, transition=transition, from_stage=source, to_stage=rule.target, on=on,
            reason=reason.strip(), actor=actor, at=case.stage_changed_at, ledger_seq=seq,
        )  # fmt: skip
    return case


def _procedure_change(case: Case, transition: Transition) -> list[str]:
    """行政处罚法 第五十一条: CHANGE_PROCEDURE puts the case under the general procedure."""
    if transition != Transition.CHANGE_PROCEDURE:
        return []
    case.procedure = Procedure.GENERAL
    return ["procedure"]


@transaction.atomic(durable=True)
def transition_case(
    *, actor: User, case: Case, transition: Transition, on: dt.date | None = None,
    reason: str = "",
) -> Case:  # fmt: skip
    """Move a case to its next stage (the one door for views, API, admin and commands)."""
    if statemachine.TRANSITIONS[transition].external:
        raise ValidationError(_("This step is taken in the legal review, not on the case."))
    return apply_transition(actor=actor, case=case, transition=transition, on=on, reason=reason)


@transaction.atomic(durable=True)
def extend_deadline(
    *, actor: User, case: Case, days: int, reason: str, legal_basis: str = "",
    allowed_days: int | None = None, kind: DeadlineKind = DeadlineKind.DECISION,
) -> DeadlineExtension:  # fmt: skip
    """Approve a longer decision period (行政处罚法 第六十条: only where a law, regulation or
    rule allows it, within what it allows; the head's approval is recorded)."""
    case = Case.objects.select_for_update().select_related("agency").get(pk=case.pk)
    _require(permissions.can_approve_extension(actor, case))
    _refuse_if_frozen(case)
    if kind != DeadlineKind.DECISION or case.decided_on is not None:
        raise ValidationError(_("Only the period for deciding an undecided case can be extended."))
    if days < 1:
        raise ValidationError({"days": _("Add at least one day.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    _check_extension_basis(case, days, legal_basis, allowed_days)
    extension = DeadlineExtension.objects.create(
        case=case, kind=kind, days=days, reason=reason.strip(), approved_by=actor,
        approved_at=timezone.now(), legal_basis=legal_basis.strip(), allowed_days=allowed_days,
    )  # fmt: skip
    seq = _ledger(
        "case.deadline_extended", case, actor,
        {"kind": kind, "days": days, "reason": reason, "legal_basis": legal_basis.strip(),
         "allowed_days": allowed_days},
    )  # fmt: skip
    opinion = _("Approved: the decision period is extended by %(days)d days (%(basis)s).") % {
        "days": days, "basis": legal_basis.strip()}  # fmt: skip
    CaseApproval.objects.create(
        case=case, kind=ApprovalKind.EXTENSION, opinion=opinion, approved_by=actor,
        approved_on=_today(), approved_at=extension.approved_at, extension=extension,
        ledger_seq=seq,
    )  # fmt: skip
    return extension


def _check_extension_basis(
    case: Case, days: int, legal_basis: str, allowed_days: int | None
) -> None:
    """第六十条: the cited provision, and no more days in all than it allows."""
    if not legal_basis.strip():
        raise_refusals([refusal(rulebook.DECISION_PERIOD, _(
            "Cite the law, regulation or rule that allows a longer period (第六十条 itself "
            "allows none)."
        ), "legal_basis")])  # fmt: skip
    if allowed_days is None or allowed_days < 1:
        raise_refusals([refusal(rulebook.DECISION_PERIOD, _(
            "Enter how many days the cited provision allows."
        ), "allowed_days")])  # fmt: skip
    assert allowed_days is not None
    already = sum(e.days for e in case.extensions.all() if e.kind == DeadlineKind.DECISION)
    if already + days > allowed_days:
        raise_refusals([refusal(rulebook.DECISION_PERIOD, _(
            "The cited provision allows %(allowed)d days; with the %(already)d days already "
            "added, %(days)d more would go beyond it."
        ) % {"allowed": allowed_days, "already": already, "days": days}, "days")])  # fmt: skip


@transaction.atomic(durable=True)
def record_act(
    *, actor: User, case: Case, kind: ActKind, started_at: dt.datetime, place: str, summary: str,
    officers: Sequence[Officer], outcome: str = "", service_method: str = "",
) -> Act:  # fmt: skip
    """Record an enforcement act: two officers with credentials valid that day (第四十二条)."""
    case = (
        Case.objects.select_for_update()
        .select_related("agency", "power_item__domain")
        .get(pk=case.pk)
    )
    _require(permissions.can_handle(actor, case))
    _refuse_if_frozen(case)
    if case.stage == Stage.CLOSED:
        raise ValidationError(_("The case is closed: no more acts can be recorded."))
    day = timezone.localdate(started_at)
    _check_day(day, "started_at", not_before=case.filed_on)
    _check_officers(officers, case.agency_id, case.power_item.domain, day)
    if kind in _ACT_KINDS_NEEDING_METHOD and service_method not in ServiceMethod.values:
        raise ValidationError({"service_method": _("Say how the document was served.")})
    if not place.strip() or not summary.strip():
        raise ValidationError(_("Say where the act took place and what was done."))
    act = Act(
        case=case, kind=kind, started_at=started_at, place=place.strip(), summary=summary.strip(),
        outcome=outcome.strip(), service_method=service_method, recorded_by=actor,
        recorded_at=timezone.now(),
    )  # fmt: skip
    act.full_clean()
    act.save()
    ActOfficer.objects.bulk_create(
        ActOfficer(act=act, officer=o, credential_number=_credential_number(o, day))
        for o in dict.fromkeys(officers)
    )
    act.ledger_seq = _ledger(
        "case.act_recorded", case, actor,
        {"act": act.pk, "kind": kind, "started_at": started_at.isoformat(), "place": act.place,
         "officers": sorted(o.name for o in officers)},
    )  # fmt: skip
    act.save(update_fields=["ledger_seq"])
    return act


def _credential_number(officer: Officer, day: dt.date) -> str:
    credential = officer.current_credential(day)
    return credential.number if credential else ""


@transaction.atomic(durable=True)
def complete_act(*, actor: User, act: Act, ended_at: dt.datetime, outcome: str = "") -> Act:
    """Complete an act; rules such as mandatory recording (records app) must hold first."""
    act = Act.objects.select_for_update().select_related("case__agency").get(pk=act.pk)
    _require(permissions.can_handle(actor, act.case))
    _refuse_if_frozen(act.case)
    if act.status == ActStatus.COMPLETED:
        raise ValidationError(_("This act is already completed."))
    if ended_at < act.started_at or ended_at > timezone.now():
        raise ValidationError(
            {"ended_at": _("The end must be after the start and not in the future.")}
        )
    reasons = statemachine.act_guard_reasons(act)
    if reasons:
        raise ValidationError(reasons)
    act.status = ActStatus.COMPLETED
    act.ended_at = ended_at
    act.completed_at = timezone.now()
    act.outcome = outcome.strip() or act.outcome
    act.save(update_fields=["status", "ended_at", "completed_at", "outcome"])
    _ledger(
        "case.act_completed", act.case, actor,
        {"act": act.pk, "ended_at": ended_at.isoformat(), "outcome": act.outcome},
    )  # fmt: skip
    return act


@transaction.atomic(durable=True)
def reveal_personal_data(
    *, actor: User, party: Party, field: PersonalField, address: str | None = None
) -> str:
    """Show one of a party's personal data in full; each showing is logged and in the ledger."""
    _require(permissions.can_reveal_personal_data(actor, party))
    value = str(getattr(party, PersonalField(field).value))
    entry = ledger.append(
        kind="party.personal_data_viewed",
        payload={"party": party.pk, "agency": party.agency.code, "field": field},
        actor=actor,
        subject=f"party:{party.pk}",
    )
    PartyDisclosure.objects.create(
        party=party, user=actor, field=field, at=timezone.now(), address=address,
        ledger_seq=entry.seq,
    )  # fmt: skip
    return value


@transaction.atomic(durable=True)
def record_violation(
    *, actor: User, case: Case, violation: ViolationData, responsibility: str = "",
    responsibility_basis: str = "",
) -> Case:  # fmt: skip
    """Record or complete when the violation happened and the finding on capacity (第三十条、
    第三十一条、第三十六条): the handlers before the decision; the head also for a case filed
    before these rules (flagged). A case found out of time stays flagged, never punished."""
    case = Case.objects.select_for_update().select_related("agency").get(pk=case.pk)
    _refuse_if_frozen(case)
    legacy = RulesFlag.VIOLATION_DATE_MISSING in (case.rules_flags or [])
    if permissions.can_handle(actor, case) and case.decided_on is not None and not legacy:
        raise ValidationError(_(
            "The case is decided: the violation it was decided on can no longer be changed here."
        ))  # fmt: skip
    _require(permissions.can_record_violation(actor, case))
    if responsibility not in Responsibility.values:
        raise ValidationError({"responsibility": _("Choose a finding on capacity.")})
    if responsibility and not responsibility_basis.strip():
        raise ValidationError({"responsibility_basis": _(
            "Give the basis of the finding (e.g. the medical assessment)."
        )})  # fmt: skip
    limits.check_violation(violation, filed_on=case.filed_on)
    _set_violation(case, violation)
    case.responsibility = responsibility
    case.responsibility_basis = responsibility_basis.strip() if responsibility else ""
    case.rules_flags = [f for f in case.rules_flags or [] if f != RulesFlag.VIOLATION_DATE_MISSING]
    case.save(update_fields=[
        "violation_on", "violation_continuing", "violation_ended_on", "limitation_extended",
        "limitation_reason", "responsibility", "responsibility_basis", "rules_flags",
    ])  # fmt: skip
    _ledger("case.violation_recorded", case, actor, {
        **_violation_payload(case), "responsibility": case.responsibility,
    })  # fmt: skip
    return case


# What stage a case must have reached for each approval the head gives on it.
_APPROVABLE_STAGES = {
    ApprovalKind.FILING: frozenset(Stage) - {Stage.ARCHIVED},
    ApprovalKind.CLOSING: frozenset({Stage.SERVICE, Stage.EXECUTION, Stage.CLOSED}),
}


def approvable(case: Case, kind: ApprovalKind) -> bool:
    """Whether the case is at a stage where the head gives this approval."""
    return case.stage in _APPROVABLE_STAGES.get(kind, ())


@transaction.atomic(durable=True)
def approve(
    *, actor: User, case: Case, kind: ApprovalKind, opinion: str, on: dt.date | None = None
) -> CaseApproval:
    """The head's approval of the filing or the closing (立案审批, 结案审批), once each; it is
    what the approval forms print (an extension is approved with ``extend_deadline``)."""
    case = Case.objects.select_for_update().select_related("agency").get(pk=case.pk)
    _require(permissions.can_approve_extension(actor, case), _("Only the agency head approves."))
    if kind not in _APPROVABLE_STAGES:
        raise ValidationError({"kind": _("An extension is approved with the extension itself.")})
    if not approvable(case, ApprovalKind(kind)):
        raise ValidationError({"kind": _("The case is not at a stage where this is approved.")})
    if CaseApproval.objects.filter(case=case, kind=kind).exists():
        raise ValidationError({"kind": _("This approval has already been given.")})
    if not opinion.strip():
        raise ValidationError({"opinion": _("Write the approval opinion, e.g. 同意立案.")})
    on = on or _today()
    _check_day(on, "on", not_before=case.filed_on)
    seq = _ledger("case.approved", case, actor, {
        "kind": kind, "opinion": opinion.strip(), "on": on.isoformat(),
    })  # fmt: skip
    return CaseApproval.objects.create(
        case=case, kind=kind, opinion=opinion.strip(), approved_by=actor, approved_on=on,
        approved_at=timezone.now(), ledger_seq=seq,
    )  # fmt: skip


# --- The summary procedure (行政处罚法 第五十一条、第五十二条) ---------------------------------


@transaction.atomic(durable=True)
def change_procedure(*, actor: User, case: Case, reason: str, on: dt.date | None = None) -> Case:
    """Move a summary case to the general procedure (第五十一条), before any decision.

    The handling officers or the head, with the reason; recorded as the case's
    CHANGE_PROCEDURE step (history and ledger) like every other transition.
    """
    return apply_transition(
        actor=actor, case=case, transition=Transition.CHANGE_PROCEDURE, on=on, reason=reason
    )


@transaction.atomic(durable=True)
def record_summary_filing(
    *, actor: User, case: Case, on: dt.date | None = None, note: str = ""
) -> Case:
    """Record that an on-the-spot decision was filed with the agency (备案; 第五十二条)."""
    case = Case.objects.select_for_update().select_related("agency").get(pk=case.pk)
    _require(
        permissions.can_record_summary_filing(actor, case),
        _("Only the agency head records the filing of an on-the-spot decision."),
    )
    if case.procedure != Procedure.SUMMARY or case.decided_on is None:
        raise_refusals([refusal(rulebook.SUMMARY_FILING, _(
            "Only an on-the-spot decision already made is filed with the agency."
        ))])  # fmt: skip
    if case.summary_filed_on is not None:
        raise ValidationError(_("The filing is already recorded."))
    on = on or _today()
    _check_day(on, "on", not_before=case.decided_on)
    case.summary_filed_on, case.summary_filed_by = on, actor
    case.save(update_fields=["summary_filed_on", "summary_filed_by"])
    _ledger("case.summary_filed", case, actor, {"on": on.isoformat(), "note": note.strip()})
    return case


@transaction.atomic  # not durable: the admin calls it inside its own transaction
def set_summary_limit(
    *, actor: User, power_item: PowerItem, person_limit: Decimal | None,
    organisation_limit: Decimal | None, legal_basis: str,
) -> SummaryLimit:  # fmt: skip
    """Record the higher on-the-spot limits a law sets for a power item (第五十一条)."""
    _require(
        permissions.can_set_summary_limit(actor, power_item.agency),
        _("Only the agency head records limits set by law."),
    )
    raise_refusals(procedure.override_refusals(person_limit, organisation_limit, legal_basis))
    limit, _created = SummaryLimit.objects.update_or_create(
        power_item=power_item,
        defaults={
            "person_limit": person_limit, "organisation_limit": organisation_limit,
            "legal_basis": legal_basis.strip(), "set_by": actor, "set_at": timezone.now(),
        },
    )  # fmt: skip
    entry = ledger.append(
        kind="case.summary_limit_set", actor=actor, subject=f"power_item:{power_item.pk}",
        payload={"agency": power_item.agency.code, "power_item": power_item.code,
                 "person_limit": None if person_limit is None else str(person_limit),
                 "organisation_limit": (
                     None if organisation_limit is None else str(organisation_limit)),
                 "legal_basis": limit.legal_basis},
    )  # fmt: skip
    limit.ledger_seq = int(entry.seq)
    limit.save(update_fields=["ledger_seq"])
    return limit


@transaction.atomic(durable=True)
def record_extension_basis(
    *, actor: User, case: Case, legal_basis: str, allowed_days: int | None
) -> Case:
    """The head completes an extension approved before 第六十条's rule: the provision that
    allowed it and the days it allows (the case was flagged; the extensions stay as given)."""
    case = Case.objects.select_for_update().select_related("agency").get(pk=case.pk)
    _require(permissions.can_approve_extension(actor, case), _("Only the agency head approves."))
    _refuse_if_frozen(case)
    if RulesFlag.EXTENSION_BASIS_MISSING not in (case.rules_flags or []):
        raise ValidationError(_("No extension of this case lacks its legal basis."))
    already = sum(e.days for e in case.extensions.all() if e.kind == DeadlineKind.DECISION)
    if allowed_days is not None and already > allowed_days:
        raise_refusals([refusal(rulebook.DECISION_PERIOD, _(
            "The extensions of this case add %(already)d days, more than the %(allowed)d days "
            "the cited provision allows: cite the provision that allowed them."
        ) % {"already": already, "allowed": allowed_days}, "allowed_days")])  # fmt: skip
    _check_extension_basis(case, 0, legal_basis, allowed_days)
    missing = case.extensions.filter(legal_basis="")
    missing.update(legal_basis=legal_basis.strip(), allowed_days=allowed_days)
    case.rules_flags = [f for f in case.rules_flags if f != RulesFlag.EXTENSION_BASIS_MISSING]
    case.save(update_fields=["rules_flags"])
    _ledger("case.extension_basis_recorded", case, actor,
            {"legal_basis": legal_basis.strip(), "allowed_days": allowed_days})  # fmt: skip
    return case
