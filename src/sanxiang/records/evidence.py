"""Writes of evidence items (证据, R5): hashed into the evidence store and the ledger."""

from __future__ import annotations

import datetime as dt
from typing import IO

import filetype
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.models import User
from sanxiang.cases.models import Act, Case
from sanxiang.ledger.store import store_file
from sanxiang.records import permissions
from sanxiang.records.choices import EvidenceKind
from sanxiang.records.models import Evidence

MAX_EVIDENCE_BYTES = 200 * 1024 * 1024


@transaction.atomic(durable=True)
def add_evidence(
    *, actor: User, case: Case, fileobj: IO[bytes], filename: str, kind: str, title: str,
    collected_on: dt.date, description: str = "", source: str = "", is_sensitive: bool = False,
    act: Act | None = None,
) -> Evidence:  # fmt: skip
    """Add a photo, a document received or other evidence to the case, hashed and ledgered."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not permissions.can_write_records(actor, case):
        raise PermissionDenied(_("Only the case's handling officers may add evidence."))
    if case.is_frozen:
        raise ValidationError(_("This case is archived and its file is frozen."))
    if kind not in EvidenceKind.values or not title.strip():
        raise ValidationError({"title": _("Say what the evidence is.")})
    if collected_on > timezone.localdate() or collected_on < case.filed_on - dt.timedelta(days=730):
        raise ValidationError({"collected_on": _("The date of collection is not plausible.")})
    fileobj.seek(0, 2)
    if fileobj.tell() > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": _("An evidence file may not be larger than 200 MB.")})
    fileobj.seek(0)
    head = fileobj.read(261)
    fileobj.seek(0)
    if not head:
        raise ValidationError({"file": _("The file is empty.")})
    guessed = filetype.guess(head)
    media_type = guessed.mime if guessed else "application/octet-stream"
    if kind == EvidenceKind.PHOTO and not media_type.startswith("image/"):
        raise ValidationError({"file": _("This file is not a picture, whatever its name says.")})
    blob = store_file(
        fileobj=fileobj, actor=actor, kind="records.evidence", subject=f"case:{case.pk}",
        name=filename[:255],
        payload={"case": case.number, "kind": kind, "title": title.strip(),
                 "collected_on": collected_on.isoformat(), "media_type": media_type},
    )  # fmt: skip
    return Evidence.objects.create(
        case=case, act=act, kind=kind, title=title.strip(), description=description.strip(),
        source=source.strip(), collected_on=collected_on, digest=blob.digest,
        media_type=media_type, size=blob.size, original_name=filename[:255],
        is_sensitive=is_sensitive, added_by=actor, added_at=timezone.now(),
        ledger_seq=blob.entry.seq,  # type: ignore[attr-defined]
    )  # fmt: skip
