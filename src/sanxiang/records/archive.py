"""Case files (案卷, R4): completeness before archiving, corrections after, export.

The guard on ``Transition.ARCHIVE`` lists what the procedure requires and the file lacks.
An archived case is frozen (``Case.is_frozen``): services refuse edits, and a correction is
appended with its reason, approved by the head, in the ledger. The export is the ledger's
complete evidence package of the case (every entry about it, its files and inclusion proofs
to one signed checkpoint, with the standalone verifier), with the case file's index.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.choices import PowerCategory
from sanxiang.agencies.models import User
from sanxiang.cases.choices import ActStatus, Procedure, Transition
from sanxiang.cases.models import Case
from sanxiang.cases.statemachine import register_guard
from sanxiang.core.roles import Role
from sanxiang.ledger import services as ledger
from sanxiang.ledger.links import LinkError, create_link, register_exporter, revoke_link
from sanxiang.ledger.models import PackageLink
from sanxiang.ledger.package import build_subject_package
from sanxiang.records.choices import DECISION_DOCUMENTS, STEP_DOCUMENTS
from sanxiang.records.choices import DocumentType as D
from sanxiang.records.models import Correction, Document, Evidence, Recording

# What each procedure's file must hold (行政处罚法 第四十七条: the whole process recorded;
# the usual 案卷 order: 立案 → 调查取证 → 告知 → 决定 → 送达 → 结案).
REQUIRED_DOCUMENTS: dict[str, list[D]] = {
    Procedure.SUMMARY: [D.SUMMARY_DECISION],
    Procedure.GENERAL: [
        D.FILING_APPROVAL, D.PENALTY_NOTICE, D.PENALTY_DECISION, D.SERVICE_RECEIPT,
        D.CLOSING_APPROVAL,
    ],
    Procedure.HEARING: [
        D.FILING_APPROVAL, D.PENALTY_NOTICE, D.HEARING_NOTICE, D.HEARING_RECORD,
        D.PENALTY_DECISION, D.SERVICE_RECEIPT, D.CLOSING_APPROVAL,
    ],
}  # fmt: skip
# A case terminated before a decision (撤销立案/不予处罚) files its approvals only.
TERMINATED_DOCUMENTS = [D.FILING_APPROVAL, D.CLOSING_APPROVAL]
# Penalty documents a decision of another category (许可, 强制, 确认 …) has no use for: the
# decision is written as a 行政执法决定书 and no penalty notice precedes it.
_PENALTY_ONLY = {D.PENALTY_NOTICE: None, D.PENALTY_DECISION: D.ENFORCEMENT_DECISION}


def required_documents(case: Case, *, terminated: bool = False) -> list[D]:
    """The documents the case file of ``case`` must hold before it is archived."""
    if terminated:
        return list(TERMINATED_DOCUMENTS)
    required = REQUIRED_DOCUMENTS[case.procedure]
    if case.category == PowerCategory.PENALTY or case.procedure == Procedure.SUMMARY:
        return list(required)
    swapped = (_PENALTY_ONLY.get(t, t) for t in required)
    return [t for t in swapped if t is not None]


def missing_for_archive(case: Case) -> list[str]:
    """What the case file lacks before it can be archived (empty: complete)."""
    terminated = case.events.filter(transition=Transition.TERMINATE).exists()
    required = required_documents(case, terminated=terminated)
    present = {d.doc_type for d in filed_documents(case)}
    missing = [str(D(t).label) for t in required if t not in present]
    open_acts = case.acts.exclude(status=ActStatus.COMPLETED).count()
    if open_acts:
        missing.append(_("%(n)d enforcement acts still in progress") % {"n": open_acts})
    has_evidence = (
        Recording.objects.filter(case=case).exists()
        or Evidence.objects.filter(case=case).exists()
        or case.acts.exists()
    )
    if not terminated and not has_evidence:
        missing.append(_("evidence (an act, a recording or an evidence item)"))
    return missing


def filed_documents(case: Case) -> list[Document]:
    """The case's documents the file counts, oldest first: a step document (送达回证) only
    when its step made it (民事诉讼法 第八十七条), not one made by hand before the decision."""
    return [
        d
        for d in Document.objects.filter(case=case).order_by("generated_at", "pk")
        if STEP_DOCUMENTS.get(D(d.doc_type), d.step) == d.step
    ]


@dataclass(frozen=True)
class ChecklistRow:
    """One document the file must hold, and the one it holds (None: still missing)."""

    doc_type: D
    document: Document | None

    @property
    def label(self) -> str:
        return str(self.doc_type.label)

    @property
    def made_with_decision(self) -> bool:
        return self.doc_type in DECISION_DOCUMENTS


def archive_checklist(case: Case) -> list[ChecklistRow]:
    """The documents the procedure requires, each with the case's latest of that type."""
    terminated = case.events.filter(transition=Transition.TERMINATE).exists()
    latest = {d.doc_type: d for d in filed_documents(case)}
    return [ChecklistRow(t, latest.get(t)) for t in required_documents(case, terminated=terminated)]


@register_guard(Transition.ARCHIVE)
def complete_before_archive(case: Case, transition: Transition) -> str | None:
    missing = missing_for_archive(case)
    if not missing:
        return None
    return _("The case file is incomplete; still missing: %(items)s.") % {
        "items": "、".join(missing)
    }


@transaction.atomic(durable=True)
def append_correction(*, actor: User, case: Case, content: str, reason: str) -> Correction:
    """Append a correction to an archived case file, approved by the head (never an edit)."""
    case = Case.objects.select_for_update().select_related("agency").get(pk=case.pk)
    if not (actor.agency_id == case.agency_id and actor.has_role(Role.HEAD)):
        raise PermissionDenied(_("Only the agency head approves a correction of a case file."))
    if not case.is_frozen:
        raise ValidationError(_("Only an archived case file is corrected this way."))
    if not content.strip() or not reason.strip():
        raise ValidationError({"reason": _("Give the correction and its reason.")})
    entry = ledger.append(
        kind="records.correction", actor=actor, subject=f"case:{case.pk}",
        payload={"case": case.number, "content": content.strip(), "reason": reason.strip()},
    )  # fmt: skip
    return Correction.objects.create(
        case=case, content=content.strip(), reason=reason.strip(), approved_by=actor,
        approved_at=timezone.now(), ledger_seq=entry.seq,
    )  # fmt: skip


def _index(case: Case) -> dict[str, Any]:
    def file(digest: str) -> str:
        return f"files/{digest}"

    return {
        "case": case.number, "title": case.title, "agency": case.agency.name,
        "stage": case.stage, "filed_on": case.filed_on.isoformat(),
        "archived_on": case.archived_on.isoformat() if case.archived_on else None,
        "documents": [
            {"number": d.number, "type": d.doc_type, "file": file(d.digest), "entry": d.ledger_seq}
            for d in Document.objects.filter(case=case)
        ],
        "recordings": [
            {"proves": r.proves, "collected_at": r.collected_at.isoformat(), "file": file(r.digest),
             "entry": r.ledger_seq}
            for r in Recording.objects.filter(case=case)
        ],
        "evidence": [
            {"title": e.title, "kind": e.kind, "file": file(e.digest), "entry": e.ledger_seq}
            for e in Evidence.objects.filter(case=case)
        ],
        "corrections": [
            {"content": c.content, "reason": c.reason, "approved_by": str(c.approved_by),
             "entry": c.ledger_seq}
            for c in Correction.objects.filter(case=case)
        ],
    }  # fmt: skip


def export_case_file(*, case: Case, actor: User | None = None, recipient: str = "") -> bytes:
    """The case file as a zip: the ledger's complete evidence package of the case, with
    ``case.json`` (the case file's index) whose hash the package's issuing entry records."""
    index = json.dumps(_index(case), ensure_ascii=False, indent=2).encode()
    return build_subject_package(
        subject=f"case:{case.pk}", label=case.number, actor=actor,
        recipient=recipient or (str(actor) if actor else ""), attachments={"case.json": index},
    )  # fmt: skip


# --- Package links for the party and the court -------------------------------------------


@register_exporter("case")
def _case_package(subject: str, recipient: str) -> bytes:
    case = Case.objects.select_related("agency").get(pk=int(subject.split(":", 1)[1]))
    return export_case_file(case=case, recipient=recipient)


def can_issue_package_link(user: User, case: Case) -> bool:
    """The agency head answers for what leaves the agency: only the head issues or revokes a
    link to the case's package (the party: 行政复议法 第四十七条; a court: 行政诉讼法 第六十七条)."""
    return bool(user.agency_id == case.agency_id and user.has_role(Role.HEAD))


def issue_package_link(
    *, actor: User, case: Case, kind: str, recipient: str, days: int
) -> tuple[PackageLink, str]:
    """A time-limited link to the case's complete evidence package; the token is shown once."""
    if not can_issue_package_link(actor, case):
        raise PermissionDenied(
            _("Only the agency head issues a link to a case's evidence package.")
        )
    try:
        return create_link(actor=actor, subject=f"case:{case.pk}", label=case.number, kind=kind,
                           recipient=recipient, days=days)  # fmt: skip
    except LinkError as exc:
        raise ValidationError(str(exc)) from exc


def revoke_package_link(*, actor: User, case: Case, link: PackageLink, reason: str) -> PackageLink:
    if not can_issue_package_link(actor, case) or link.subject != f"case:{case.pk}":
        raise PermissionDenied(
            _("Only the agency head revokes a link to a case's evidence package.")
        )
    try:
        return revoke_link(actor=actor, link=link, reason=reason)
    except LinkError as exc:
        raise ValidationError(str(exc)) from exc


def package_links_of(case: Case) -> list[PackageLink]:
    return list(PackageLink.objects.filter(subject=f"case:{case.pk}").prefetch_related("downloads"))
