"""Writes of publicity: progress codes, publication drafts, redaction approval and
publication, refusal, withdrawal. One service per use case, each in one transaction with its
ledger entry (docs/contributing.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.models import User
from sanxiang.cases.models import Case
from sanxiang.core import calendar
from sanxiang.core.redaction import KIND_LABELS, Redacted, detect, mask_name, redact
from sanxiang.decisions.models import Decision
from sanxiang.ledger import services as ledger
from sanxiang.publicity import content, permissions
from sanxiang.publicity.choices import PublicationStatus
from sanxiang.publicity.constants import WITHDRAW_WORKING_DAYS
from sanxiang.publicity.models import ProgressCode, Publication, PublicitySettings

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read out over the phone
CODE_LENGTH = 8


def _require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You do not have permission to do this."))


# --- Progress look-up codes ---------------------------------------------------------------


def code_hash(case_number: str, code: str) -> str:
    return hashlib.sha256(f"{case_number}\x00{code.strip().upper()}".encode()).hexdigest()


@transaction.atomic
def issue_progress_code(*, actor: User, case: Case) -> str:
    """A new look-up code for the case's party; any earlier code stops working. Shown once."""
    _require(permissions.can_issue_progress_code(actor, case))
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    ProgressCode.objects.update_or_create(
        case=case,
        defaults={"code_hash": code_hash(case.number, code), "issued_by": actor,
                  "issued_at": timezone.now()},
    )  # fmt: skip
    return code


_YEAR_IN_BRACKETS = re.compile(r"[\[(【〔［（]\s*(\d{4})\s*[\])】〕］）]")


def normalise_case_number(typed: str) -> str:
    """A case number as a party types it on a phone: full-width digits and letters, any of
    [] 【】 () （） for the year's 〔〕, spaces anywhere. 东丽万新罚[2026]12号 → 东丽万新罚〔2026〕12号."""
    text = unicodedata.normalize("NFKC", typed)
    text = re.sub(r"\s+", "", text)
    return _YEAR_IN_BRACKETS.sub(r"〔\1〕", text)


def check_progress_code(*, case_number: str, code: str) -> Case | None:
    """The case, if the number and code match; the same work is done when they don't."""
    number = normalise_case_number(case_number)[:60]
    code = unicodedata.normalize("NFKC", code).replace(" ", "")
    stored = (
        ProgressCode.objects.filter(case__number=number).select_related("case").first()
        if number else None
    )  # fmt: skip
    expected = stored.code_hash if stored else "0" * 64
    if hmac.compare_digest(expected, code_hash(number, code[:20])) and stored is not None:
        return stored.case
    return None


# --- Publications -------------------------------------------------------------------------


def _ledger(
    kind: str, publication: Publication, actor: User | None, payload: dict[str, Any]
) -> int:
    entry = ledger.append(
        kind=kind, actor=actor, subject=f"publication:{publication.public_id}",
        payload={"decision": publication.number, "agency": publication.agency.code, **payload},
    )  # fmt: skip
    return entry.seq


@transaction.atomic
def create_publication_draft(*, decision: Decision) -> Publication:
    """The draft every decision gets (P6), with its due date; idempotent."""
    existing = Publication.objects.filter(decision=decision).first()
    if existing is not None:
        return existing
    snapshot = content.snapshot(decision)
    publication = Publication.objects.create(decision=decision, agency=decision.agency, **snapshot)
    reason = content.refusal_reason(decision)
    if reason:
        publication.status = PublicationStatus.REFUSED
        publication.refusal_reason = reason
        publication.save(update_fields=["status", "refusal_reason"])
    return publication


def create_missing_drafts(decisions: Iterable[Decision] | None = None) -> int:
    """Drafts for decisions in force that have none yet (run by ``tick`` and the work list)."""
    todo = decisions if decisions is not None else Decision.objects.filter(
        publication__isnull=True
    ).select_related("agency", "case")  # fmt: skip
    count = 0
    for decision in todo:
        create_publication_draft(decision=decision)
        count += 1
    return count


def preview_redaction(*, publication: Publication, persons: Iterable[str] = ()) -> Redacted:
    """The text as it would be published: personal data out, other persons' names reduced."""
    masked = [p.strip() for p in persons if p.strip()]
    settings = PublicitySettings.objects.filter(agency=publication.agency).first()
    party = content.punished_party(publication.decision)
    if (
        party is not None
        and party.kind == "natural_person"
        and settings
        and settings.mask_party_name
    ):
        masked.append(party.name)
    keep = [publication.agency.complaint_phone, publication.agency.phone, publication.number]
    return redact(publication.original_text, persons=masked, keep=keep)


@transaction.atomic(durable=True)
def publish_decision(
    *, actor: User, publication: Publication, redacted_text: str, persons: Iterable[str] = (),
    confirmed: bool, kept: Iterable[str] = (), kept_reason: str = "",
) -> Publication:  # fmt: skip
    """Approve the redaction and publish: both texts hashed in the ledger, who approved kept.

    The final text is searched again for every kind of personal data the redactor knows, so
    a telephone, plate or date of birth typed in by hand after the automatic pass blocks
    publication too, until it is masked or kept on purpose: listed in ``kept`` with a
    ``kept_reason`` (recorded with the publication and in the ledger)."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    _require(permissions.can_publish(actor, publication.agency),
             _("Only the agency's publisher may publish."))  # fmt: skip
    if publication.status != PublicationStatus.DRAFT:
        raise ValidationError(_("Only a publication awaiting publication can be published."))
    reason = content.refusal_reason(publication.decision)
    if reason:
        raise ValidationError(reason)
    if not publication.decision.in_force:
        raise ValidationError(_("The decision is no longer in force: it cannot be published."))
    if not confirmed:
        raise ValidationError({"confirmed": _("Confirm that you have checked the redaction.")})
    text = redacted_text.strip()
    if not text:
        raise ValidationError({"redacted_text": _("The published text cannot be empty.")})
    automatic = preview_redaction(publication=publication, persons=persons)
    # Whatever the publisher edited, nothing the engine hides may come back.
    leaks = sorted({r.original for r in automatic.redactions if r.original in text})
    if leaks:
        raise ValidationError({"redacted_text": _("The text still shows: %(items)s. Remove them.")
                               % {"items": "、".join(leaks)}})  # fmt: skip
    kept = sorted({k.strip() for k in kept if k and k.strip()})
    if kept and not kept_reason.strip():
        raise ValidationError({"kept_reason": _("Say why these items are published as they are.")})
    keep = [publication.agency.complaint_phone, publication.agency.phone, publication.number]
    shown = [r for r in detect(text, keep=[*keep, *kept]) if r.original not in keep]
    if shown:
        raise ValidationError({"redacted_text": _(
            "The text shows personal data: %(items)s. Mask them, or list them under "
            "“published on purpose” with the reason."
        ) % {"items": "、".join(f"{KIND_LABELS[r.kind]}“{r.original}”" for r in shown)}})  # fmt: skip
    party = content.punished_party(publication.decision)
    settings = PublicitySettings.objects.filter(agency=publication.agency).first()
    if party and party.kind == "natural_person" and settings and settings.mask_party_name:
        publication.party_name = mask_name(party.name)
    policy = content.display_policy(publication.decision)
    now = timezone.now()
    publication.redacted_text = text
    publication.redactions = [
        {"kind": r.kind, "replacement": r.replacement} for r in automatic.redactions
    ] + [{"kind": "kept", "value": value, "reason": kept_reason.strip()} for value in kept]
    publication.original_hash = hashlib.sha256(publication.original_text.encode()).hexdigest()
    publication.redacted_hash = hashlib.sha256(text.encode()).hexdigest()
    publication.search_text = " ".join(
        [publication.number, publication.party_name, publication.violation, text]
    )
    publication.policy = policy
    publication.display_until = content.plus_months(publication.decided_on, policy["max_months"])
    publication.fields = {**publication.fields, **content.display_fields(publication)}
    publication.approved_by = actor
    publication.published_at = now
    publication.status = PublicationStatus.PUBLISHED
    publication.ledger_seq = _ledger("publicity.published", publication, actor, {
        "original_sha256": publication.original_hash, "published_sha256": publication.redacted_hash,
        "approved_by": actor.username, "display_until": publication.display_until.isoformat(),
        "policy": policy["name"], "kept_count": len(kept), "kept_reason": kept_reason.strip(),
    })  # fmt: skip
    publication.save()
    return publication


@transaction.atomic
def withdraw_publication(
    *, actor: User | None, publication: Publication, reason: str
) -> Publication:
    """Take a publication off the portal at once, with the reason the public notice shows (P8)."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if actor is not None:
        _require(permissions.can_publish(actor, publication.agency),
                 _("Only the agency's publisher may withdraw."))  # fmt: skip
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Give the reason for the withdrawal; the public sees it.")}
        )
    if publication.status != PublicationStatus.PUBLISHED:
        raise ValidationError(_("Only a published decision can be withdrawn."))
    publication.status = PublicationStatus.WITHDRAWN
    publication.withdrawn_at = timezone.now()
    publication.withdrawn_by = actor
    publication.withdrawal_reason = reason.strip()
    publication.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    _ledger("publicity.withdrawn", publication, actor, {"reason": publication.withdrawal_reason})
    return publication


def withdraw_changed_decisions() -> int:
    """Withdraw every publication whose decision was revoked, changed, confirmed illegal or
    void (行政处罚法 第四十八条: within 3 working days; we do it at the next tick, and the
    portal hides it from the moment the decision's status changes)."""
    count = 0
    stale = Publication.objects.filter(status=PublicationStatus.PUBLISHED).exclude(
        decision__status="in_force"
    ).select_related("decision")  # fmt: skip
    for publication in stale:
        change = publication.decision.changes.order_by("-pk").first()
        reason = (
            _("The decision was %(status)s on %(day)s: %(reason)s")
            % {"status": publication.decision.get_status_display(), "day": change.on.isoformat(),
               "reason": change.reason}
            if change else publication.decision.get_status_display()
        )  # fmt: skip
        withdraw_publication(actor=None, publication=publication, reason=str(reason))
        count += 1
    return count


def withdrawal_due(on: dt.date) -> dt.date:
    return calendar.working_day_deadline(on, WITHDRAW_WORKING_DAYS).due
