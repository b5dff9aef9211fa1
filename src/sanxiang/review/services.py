"""Writes of legal review: one service per use case, each taking the acting user.

Each checks permission and state, writes the change, moves the case (through
``cases.services.apply_transition``, inside the same transaction) and appends to the ledger.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.models import Agency, LegalReviewer, User
from sanxiang.cases import services as cases
from sanxiang.cases.choices import Procedure, Stage, Transition
from sanxiang.cases.models import Case
from sanxiang.core import calendar
from sanxiang.ledger import services as ledger
from sanxiang.review import catalogue as catalogue_import
from sanxiang.review import checklist, permissions, rules
from sanxiang.review.choices import (
    ChecklistItem,
    Criterion,
    ItemResult,
    MaterialKind,
    OpinionKind,
    PenaltyType,
    ReviewStatus,
    Settlement,
)
from sanxiang.review.gate import REOPENED, SUMMARY_ONLY_SOURCES, latest_review
from sanxiang.review.models import (
    Applicability,
    CatalogueMatter,
    ChecklistEntry,
    Consultation,
    Disagreement,
    Opinion,
    Review,
    ReviewCatalogue,
    ReviewExtension,
    ReviewMaterial,
)

SUBMITTABLE = (Stage.NOTIFICATION, Stage.DEFENCE, Stage.PROPOSAL)
# Opinions that need their reasons, changes or missing materials written out.
NEEDS_TEXT = (OpinionKind.REVISE, OpinionKind.DISAGREE, OpinionKind.SUPPLEMENT)


def _require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You do not have permission to do this."))


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _ledger(kind: str, review_or_case: Review | Case, actor: User, payload: dict[str, Any]) -> int:
    case = review_or_case if isinstance(review_or_case, Case) else review_or_case.case
    extra = {} if isinstance(review_or_case, Case) else {"version": review_or_case.version}
    entry = ledger.append(
        kind=kind, payload={"case": case.number, "agency": case.agency.code, **extra, **payload},
        actor=actor, subject=f"case:{case.pk}",
    )  # fmt: skip
    return int(entry.seq)


def _moment(on: dt.date | None, not_before: dt.date | None = None) -> dt.datetime:
    """When a step dated ``on`` happened: now, or for a step recorded afterwards (the demo's
    history, a paper review entered later), that day's office hours. Never in the future."""
    now = timezone.now()
    if on is None or on == timezone.localdate(now):
        moment = now
    elif on > timezone.localdate(now):
        raise ValidationError({"on": _("The date cannot be in the future.")})
    else:
        moment = timezone.make_aware(dt.datetime.combine(on, dt.time(15, 0)))
    if not_before is not None and timezone.localdate(moment) < not_before:
        raise ValidationError(
            {"on": _("The date cannot be before %(day)s.") % {"day": not_before.isoformat()}}
        )
    return moment


def _locked_case(case: Case) -> Case:
    return (
        Case.objects.select_for_update()
        .select_related("agency", "power_item__domain")
        .get(pk=case.pk)
    )


def _locked_review(review: Review) -> Review:
    Case.objects.select_for_update().filter(pk=review.case_id).first()
    return Review.objects.select_related("case__agency", "case__power_item__domain").get(
        pk=review.pk
    )


# --- Applicability ------------------------------------------------------------------------


@transaction.atomic(durable=True)
def assess_applicability(
    *, actor: User, case: Case, answers: Mapping[str, bool], amount_involved: Decimal | None = None
) -> Applicability:
    """Record whether the case needs review, by the rules, with the reasons (plan L2)."""
    case = _locked_case(case)
    _require(
        permissions.can_assess(actor, case), _("Only the case's handling officers may do this.")
    )
    if case.decided_on is not None or case.stage == Stage.LEGAL_REVIEW:
        raise ValidationError(_("Applicability can no longer be changed at this stage."))
    missing = [c.label for c in Criterion if not isinstance(answers.get(c.value), bool)]
    if missing:
        raise ValidationError(
            _("Answer every question: %(q)s") % {"q": "；".join(map(str, missing))}
        )
    if amount_involved is not None and amount_involved < 0:
        raise ValidationError({"amount_involved": _("The amount cannot be negative.")})
    catalogue = rules.current_catalogue(case.agency_id)
    clean = {c.value: bool(answers[c.value]) for c in Criterion}
    verdict = rules.assess(case, clean, amount_involved, catalogue)
    record, _created = Applicability.objects.update_or_create(
        case=case,
        defaults={
            "required": bool(verdict.required), "reasons": verdict.reasons, "answers": clean,
            "amount_involved": amount_involved, "catalogue": catalogue, "assessed_by": actor,
            "assessed_at": timezone.now(),
        },
    )  # fmt: skip
    _ledger("review.applicability", case, actor, {
        "required": record.required, "reasons": [r["code"] for r in verdict.reasons],
        "answers": clean, "amount_involved": _money(amount_involved),
        "catalogue": catalogue.version if catalogue else None,
    })  # fmt: skip
    return record


# --- Submission ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """The proposed decision the handling unit submits (拟作出的决定)."""

    text: str
    penalties: Sequence[str] = ()
    fine: Decimal | None = None
    confiscation: Decimal | None = None
    circumstances: str = ""
    discretion_level: str = ""
    discretion_reasoning: str = ""


@dataclass(frozen=True)
class MaterialData:
    kind: str
    title: str
    reference: str = ""
    content: str = ""
    file: UploadedFile | None = field(default=None, compare=False)

    @property
    def provided(self) -> bool:
        return bool(self.reference.strip() or self.content.strip() or self.file)


def required_materials(case: Case, proposal: Proposal) -> list[MaterialKind]:
    """The materials a complete submission has (实施方案 二(三)2(3); domain notes §2.2)."""
    kinds = [MaterialKind.INVESTIGATION_REPORT, MaterialKind.PROPOSED_DECISION,
             MaterialKind.EVIDENCE_LIST, MaterialKind.LEGAL_BASIS]  # fmt: skip
    taken = set(case.events.values_list("transition", flat=True))
    if Transition.OPEN_DEFENCE in taken:
        kinds.append(MaterialKind.DEFENCE)
    if case.acts.filter(kind="hearing").exists():
        kinds.append(MaterialKind.HEARING_RECORD)
    if proposal.fine is not None or proposal.confiscation is not None:
        kinds.append(MaterialKind.DISCRETION)
    return kinds


def _check_proposal(proposal: Proposal) -> None:
    if not proposal.text.strip():
        raise ValidationError({"proposed_decision": _("Write the proposed decision.")})
    unknown = set(proposal.penalties) - set(PenaltyType.values)
    if unknown:
        raise ValidationError({"penalties": _("Unknown penalty type.")})
    for name, value in (("fine", proposal.fine), ("confiscation", proposal.confiscation)):
        if value is not None and value <= 0:
            raise ValidationError({name: _("Enter an amount above zero, or leave it empty.")})
    if (PenaltyType.FINE in proposal.penalties) != (proposal.fine is not None):
        raise ValidationError({"fine": _("A fine needs its amount, and an amount needs the fine.")})
    if proposal.fine is not None and not proposal.discretion_reasoning.strip():
        raise ValidationError(
            {"discretion_reasoning": _("Explain the discretion applied to the fine.")}
        )


def _check_submission(case: Case, actor: User, proposal: Proposal,
                      materials: Sequence[MaterialData], confirmed: bool) -> None:  # fmt: skip
    _require(
        permissions.can_assess(actor, case), _("Only the case's handling officers may do this.")
    )
    if case.stage not in SUBMITTABLE and not (
        case.procedure == Procedure.SUMMARY and case.stage in SUMMARY_ONLY_SOURCES
    ):
        raise ValidationError(_(
            "Review starts only after the investigation has ended with a proposed decision and "
            "the party has been given prior notice (实施方案 二(三)2(3))."
        ))  # fmt: skip
    verdict = rules.verdict_for(case)
    if verdict.required is None or not Applicability.objects.filter(case=case).exists():
        raise ValidationError(_("First answer whether legal review is required."))
    _check_proposal(proposal)
    given = {m.kind for m in materials if m.provided}
    missing = [k.label for k in required_materials(case, proposal) if k not in given]
    if missing:
        raise ValidationError({"materials": _("Materials missing: %(kinds)s.")
                               % {"kinds": "、".join(map(str, missing))}})  # fmt: skip
    if not confirmed:
        raise ValidationError({"responsibility_confirmed": _(
            "Confirm that the handling unit answers for the truth, accuracy and completeness of "
            "the materials."
        )})  # fmt: skip


def review_due(accepted_on: dt.date, extra_days: int = 0) -> dt.date:
    """The review's time limit: working days from the day the materials were complete."""
    return calendar.working_day_deadline(accepted_on, settings.REVIEW_WORKING_DAYS + extra_days).due


def _store(review: Review, data: MaterialData) -> ReviewMaterial:
    material = ReviewMaterial(
        review=review, kind=data.kind, title=data.title.strip() or str(MaterialKind(data.kind).label),
        reference=data.reference.strip(), content=data.content.strip(),
    )  # fmt: skip
    if data.file is not None:
        digest = hashlib.sha256()
        for chunk in data.file.chunks():
            digest.update(chunk)
        data.file.seek(0)
        material.sha256 = digest.hexdigest()
        material.file = data.file
    material.save()
    return material


@transaction.atomic(durable=True)
def submit_for_review(
    *, actor: User, case: Case, proposal: Proposal, materials: Sequence[MaterialData],
    responsibility_confirmed: bool, revision_note: str = "", on: dt.date | None = None,
) -> Review:  # fmt: skip
    """Submit (or resubmit after a return) the proposed decision and materials for review."""
    case = _locked_case(case)
    at = _moment(on, case.filed_on)
    _check_submission(case, actor, proposal, materials, responsibility_confirmed)
    previous = latest_review(case)
    if previous is not None and previous.status not in REOPENED:
        raise ValidationError(_("This case already has a submission that is %(status)s.")
                              % {"status": previous.get_status_display()})  # fmt: skip
    if previous is not None and not revision_note.strip():
        raise ValidationError({"revision_note": _("Say what was revised since the last version.")})
    version = (previous.version + 1) if previous else 1
    cases.apply_transition(
        actor=actor, case=case, transition=Transition.SUBMIT_FOR_REVIEW, on=on,
        reason=_("Version %(v)d submitted for legal review.") % {"v": version},
    )  # fmt: skip
    today = timezone.localdate(at)
    review = Review.objects.create(
        case=case, version=version, previous=previous,
        proposed_decision=proposal.text.strip(), proposed_penalties=list(proposal.penalties),
        proposed_fine=proposal.fine, proposed_confiscation=proposal.confiscation,
        circumstances=proposal.circumstances.strip(), discretion_level=proposal.discretion_level,
        discretion_reasoning=proposal.discretion_reasoning.strip(),
        revision_note=revision_note.strip(), responsibility_confirmed=True,
        reviewer=previous.reviewer if previous else None, submitted_by=actor,
        submitted_at=at, accepted_on=today, due_on=review_due(today),
    )  # fmt: skip
    if previous is not None:
        previous.status = ReviewStatus.SUPERSEDED
        previous.save(update_fields=["status"])
    stored = [_store(review, m) for m in materials if m.provided]
    for order, (item, (result, findings)) in enumerate(checklist.prefill(case, review).items()):
        ChecklistEntry.objects.create(
            review=review, item=item, order=order, prefill=result, findings=findings
        )
    review.ledger_seq = _ledger("review.submitted", review, actor, {
        "proposed_decision": review.proposed_decision, "penalties": review.proposed_penalties,
        "fine": _money(review.proposed_fine), "confiscation": _money(review.proposed_confiscation),
        "materials": [{"kind": m.kind, "title": m.title, "sha256": m.sha256} for m in stored],
        "responsibility_confirmed": True, "due_on": review.due_on.isoformat(),
        "revision_note": review.revision_note,
    })  # fmt: skip
    review.save(update_fields=["ledger_seq"])
    return review


# --- Reviewing ----------------------------------------------------------------------------


@transaction.atomic(durable=True)
def assign_reviewer(*, actor: User, review: Review, reviewer: LegalReviewer) -> Review:
    """Assign the review to a reviewer (how an engaged lawyer is brought in)."""
    review = _locked_review(review)
    _require(permissions.can_assign(actor, review))
    if review.status != ReviewStatus.PENDING:
        raise ValidationError(_("Only a review under way can be assigned."))
    if reviewer.agency_id != review.case.agency_id or not reviewer.is_active:
        raise ValidationError({"reviewer": _("Choose an active reviewer of the agency.")})
    if reviewer.user_id is None:
        raise ValidationError({"reviewer": _("This reviewer has no user account.")})
    if permissions.handled(reviewer.user, review):
        raise ValidationError({"reviewer": _("A reviewer never reviews a case they handled.")})
    review.reviewer = reviewer
    review.save(update_fields=["reviewer"])
    _ledger("review.assigned", review, actor, {"reviewer": reviewer.name, "kind": reviewer.kind})
    return review


def _check_marks(kind: str, marks: Mapping[str, tuple[str, str]]) -> None:
    unmarked = [i.label for i in ChecklistItem if not marks.get(i.value, ("", ""))[0]]
    if kind != OpinionKind.SUPPLEMENT and unmarked:
        raise ValidationError({"checklist": _("Mark every checklist item: %(items)s.")
                               % {"items": "、".join(map(str, unmarked))}})  # fmt: skip
    problems = [i for i in ChecklistItem if marks.get(i.value, ("", ""))[0] == ItemResult.PROBLEM]
    if any(not marks[i.value][1].strip() for i in problems):
        raise ValidationError({"checklist": _("Describe each problem found in its comment.")})
    if kind == OpinionKind.AGREE and problems:
        raise ValidationError({"kind": _(
            "An item has a problem: the opinion cannot be to agree. Suggest revision instead."
        )})  # fmt: skip


def _check_reviewer(actor: User, review: Review) -> LegalReviewer:
    if permissions.handled(actor, review):
        raise PermissionDenied(_("A reviewer never reviews a case they handled."))
    _require(permissions.may_review(actor, review), _(
        "Only a legal reviewer of the agency may give this opinion; an engaged lawyer or an "
        "assigned reviewer only on the reviews assigned to them."
    ))  # fmt: skip
    record = permissions.reviewer_record(actor)
    assert record is not None
    first_time = not Opinion.objects.filter(reviewer=record).exists()
    if first_time and not record.qualification_number:
        # 行政处罚法 第五十八条 第二款: first-time reviewers hold the legal qualification.
        raise PermissionDenied(_(
            "A first-time reviewer must hold the legal professional qualification "
            "(行政处罚法 第五十八条 第二款); record its number first."
        ))  # fmt: skip
    return record


@transaction.atomic(durable=True)
def give_opinion(
    *, actor: User, review: Review, kind: OpinionKind, text: str = "",
    marks: Mapping[str, tuple[str, str]] | None = None, on: dt.date | None = None,
) -> Opinion:  # fmt: skip
    """Give the review opinion with the checklist marks; the case moves on or goes back."""
    review = _locked_review(review)
    record = _check_reviewer(actor, review)
    at = _moment(on, review.accepted_on)
    if review.status not in (ReviewStatus.PENDING, ReviewStatus.DISPUTED):
        raise ValidationError(_("This review is %(status)s: no opinion can be given now.")
                              % {"status": review.get_status_display()})  # fmt: skip
    marks = dict(marks or {})
    if kind in NEEDS_TEXT and not text.strip():
        raise ValidationError({"text": _(
            "Write the reasons: the changes suggested, why you disagree, or which materials "
            "are missing."
        )})  # fmt: skip
    _check_marks(kind, marks)
    for entry in review.checklist.all():
        result, comment = marks.get(entry.item, ("", ""))
        entry.result, entry.comment = result, comment.strip()
        entry.save(update_fields=["result", "comment"])
    opinion = Opinion.objects.create(
        review=review, kind=kind, text=text.strip(), reviewer=record, given_by=actor, given_at=at,
    )  # fmt: skip
    if kind == OpinionKind.AGREE:
        review.status = ReviewStatus.PASSED
        cases.apply_transition(
            actor=actor, case=review.case, transition=Transition.PASS_REVIEW, on=on
        )
    else:
        review.status = ReviewStatus.RETURNED
        cases.apply_transition(
            actor=actor, case=review.case, transition=Transition.RETURN_FOR_REVISION, on=on,
            reason=f"{OpinionKind(kind).label}：{text.strip()}",
        )  # fmt: skip
    review.finished_at = at
    review.save(update_fields=["status", "finished_at"])
    opinion.ledger_seq = _ledger("review.opinion", review, actor, {
        "kind": kind, "text": opinion.text, "reviewer": record.name,
        "checklist": {k: v[0] for k, v in sorted(marks.items())},
    })  # fmt: skip
    opinion.save(update_fields=["ledger_seq"])
    return opinion


@transaction.atomic(durable=True)
def extend_review(*, actor: User, review: Review, days: int, reason: str) -> ReviewExtension:
    """Extend the review period, with the reason (the head approves)."""
    review = _locked_review(review)
    _require(permissions.can_extend(actor, review), _("Only the agency head approves this."))
    if review.status != ReviewStatus.PENDING:
        raise ValidationError(_("Only a review under way can be extended."))
    if days < 1 or days > settings.REVIEW_MAX_EXTENSION_WORKING_DAYS:
        raise ValidationError({"days": _("Add between 1 and %(n)d working days.")
                               % {"n": settings.REVIEW_MAX_EXTENSION_WORKING_DAYS}})  # fmt: skip
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    extension = ReviewExtension.objects.create(
        review=review, days=days, reason=reason.strip(), approved_by=actor,
        approved_at=timezone.now(),
    )  # fmt: skip
    total = sum(e.days for e in review.extensions.all())
    review.due_on = review_due(review.accepted_on, total)
    review.save(update_fields=["due_on"])
    _ledger("review.extended", review, actor, {"days": days, "reason": extension.reason,
                                               "due_on": review.due_on.isoformat()})  # fmt: skip
    return extension


# --- Disagreement -------------------------------------------------------------------------


@transaction.atomic(durable=True)
def dispute_opinion(
    *, actor: User, review: Review, reasons: str, legal_basis: str, on: dt.date | None = None
) -> Disagreement:
    """The handling unit disagrees with the opinion, with reasons and legal basis (plan L4)."""
    review = _locked_review(review)
    at = _moment(on, review.accepted_on)
    _require(
        permissions.can_assess(actor, review.case),
        _("Only the case's handling officers may do this."),
    )
    if review.status != ReviewStatus.RETURNED:
        raise ValidationError(_("Only a returned opinion can be disputed."))
    if not reasons.strip() or not legal_basis.strip():
        raise ValidationError(_("Give both the reasons and the legal basis for the disagreement."))
    opinion = review.opinions.order_by("-given_at", "-pk").first()
    assert opinion is not None
    disagreement = Disagreement.objects.create(
        review=review, opinion=opinion, reasons=reasons.strip(), legal_basis=legal_basis.strip(),
        raised_by=actor, raised_at=at,
    )  # fmt: skip
    cases.apply_transition(
        actor=actor, case=review.case, transition=Transition.SUBMIT_FOR_REVIEW, on=on,
        reason=_("Disagreement with the review opinion: %(r)s") % {"r": disagreement.reasons},
    )  # fmt: skip
    review.status = ReviewStatus.DISPUTED
    review.save(update_fields=["status"])
    _ledger("review.disputed", review, actor, {"reasons": disagreement.reasons,
                                               "legal_basis": disagreement.legal_basis})  # fmt: skip
    return disagreement


def _open_disagreement(review: Review) -> Disagreement:
    found = review.disagreements.order_by("-raised_at", "-pk").first()
    if found is None:
        raise ValidationError(_("There is no disagreement on this review."))
    return found


@transaction.atomic(durable=True)
def record_consultation(
    *, actor: User, review: Review, note: str, on: dt.date | None = None
) -> Consultation:
    """Record consultation between the handling unit and the reviewer (协商沟通)."""
    review = _locked_review(review)
    at = _moment(on, review.accepted_on)
    _require(permissions.can_consult(actor, review))
    if review.status != ReviewStatus.DISPUTED:
        raise ValidationError(_("Consultation is recorded while a disagreement is open."))
    if not note.strip():
        raise ValidationError({"note": _("Write what was discussed.")})
    consultation = Consultation.objects.create(
        disagreement=_open_disagreement(review), note=note.strip(), by=actor, at=at
    )
    _ledger("review.consulted", review, actor, {"note": consultation.note})
    return consultation


@transaction.atomic(durable=True)
def escalate_disagreement(
    *, actor: User, review: Review, on: dt.date | None = None
) -> Disagreement:
    """Consultation failed: both opinions go to the head (plan 二(三)2(2))."""
    review = _locked_review(review)
    at = _moment(on, review.accepted_on)
    _require(permissions.can_consult(actor, review))
    if review.status != ReviewStatus.DISPUTED:
        raise ValidationError(_("Only a disagreement under consultation can go to the head."))
    disagreement = _open_disagreement(review)
    if not disagreement.consultations.exists():
        raise ValidationError(_("Record the consultation first: the head settles only what "
                                "consultation could not."))  # fmt: skip
    disagreement.escalated_by, disagreement.escalated_at = actor, at
    disagreement.save(update_fields=["escalated_by", "escalated_at"])
    review.status = ReviewStatus.ESCALATED
    review.save(update_fields=["status"])
    _ledger("review.escalated", review, actor, {"opinion": disagreement.opinion.text,
                                                "handler": disagreement.reasons})  # fmt: skip
    return disagreement


@transaction.atomic(durable=True)
def settle_disagreement(
    *, actor: User, review: Review, settlement: Settlement, reasons: str,
    on: dt.date | None = None,
) -> Disagreement:  # fmt: skip
    """The head settles the disagreement, with reasons; the case proceeds or goes back."""
    review = _locked_review(review)
    at = _moment(on, review.accepted_on)
    _require(permissions.can_settle(actor, review), _("Only the agency head settles this."))
    if review.status != ReviewStatus.ESCALATED:
        raise ValidationError(_("Only a disagreement sent to the head can be settled."))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons for the settlement.")})
    disagreement = _open_disagreement(review)
    disagreement.settlement, disagreement.settlement_reasons = settlement, reasons.strip()
    disagreement.settled_by, disagreement.settled_at = actor, at
    disagreement.save(
        update_fields=["settlement", "settlement_reasons", "settled_by", "settled_at"]
    )
    if settlement == Settlement.FOR_HANDLER:
        review.status = ReviewStatus.SETTLED_PASS
        cases.apply_transition(actor=actor, case=review.case, transition=Transition.PASS_REVIEW,
                               reason=reasons.strip(), on=on)  # fmt: skip
    else:
        review.status = ReviewStatus.SETTLED_REVISE
        cases.apply_transition(actor=actor, case=review.case, on=on,
                               transition=Transition.RETURN_FOR_REVISION, reason=reasons.strip())  # fmt: skip
    review.finished_at = at
    review.save(update_fields=["status", "finished_at"])
    _ledger("review.settled", review, actor, {"settlement": settlement, "reasons": reasons.strip()})
    return disagreement


# --- Catalogue ----------------------------------------------------------------------------


@dataclass
class ImportResult:
    parsed: catalogue_import.Parsed
    catalogue: ReviewCatalogue | None = None


def import_catalogue(
    *, actor: User, agency: Agency, data: bytes, filename: str, title: str, derived_from: str,
    effective_from: dt.date, dry_run: bool,
) -> ImportResult:  # fmt: skip
    """Check (and unless ``dry_run``, write) a new catalogue version: all rows or none."""
    _require(permissions.can_manage_catalogue(actor, agency.pk))
    if not title.strip() or not derived_from.strip():
        raise ValidationError(_("Give the catalogue's title and the superior's list it follows."))
    parsed = catalogue_import.parse(data)
    if dry_run or not parsed.ok:
        return ImportResult(parsed)
    return ImportResult(parsed, _write_catalogue(actor, agency, parsed, filename, title,
                                                 derived_from, effective_from))  # fmt: skip


@transaction.atomic(durable=True)
def _write_catalogue(actor: User, agency: Agency, parsed: catalogue_import.Parsed, filename: str,
                     title: str, derived_from: str, effective_from: dt.date) -> ReviewCatalogue:  # fmt: skip
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    last = ReviewCatalogue.objects.filter(agency=agency).order_by("-version").first()
    catalogue = ReviewCatalogue.objects.create(
        agency=agency, version=(last.version + 1) if last else 1, title=title.strip(),
        derived_from=derived_from.strip(), effective_from=effective_from, source_name=filename,
        source_sha256=parsed.sha256, imported_by=actor, imported_at=timezone.now(),
    )  # fmt: skip
    CatalogueMatter.objects.bulk_create(
        CatalogueMatter(catalogue=catalogue, order=i, **row.values)
        for i, row in enumerate(parsed.rows, start=1)
    )
    entry = ledger.append(
        kind="review.catalogue_imported", actor=actor, subject=f"agency:{agency.pk}",
        payload={"agency": agency.code, "version": catalogue.version, "title": catalogue.title,
                 "derived_from": catalogue.derived_from, "sha256": parsed.sha256,
                 "effective_from": effective_from.isoformat(), "matters": len(parsed.rows)},
    )  # fmt: skip
    catalogue.ledger_seq = entry.seq
    catalogue.save(update_fields=["ledger_seq"])
    return catalogue
