"""Writes to records: chunked, resumable uploads of recordings into the evidence store.

Bytes go to a staging file per upload session; the type is sniffed from the content of the
first chunk, never taken from the name. Finishing streams the staged file into the ledger's
evidence store (hashed once) and writes the ``Recording`` and its ledger entry together.
A broken upload keeps its bytes for resuming; nothing partial becomes a recording.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import IO, Any

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.models import Officer, User
from sanxiang.cases.models import Act, Case
from sanxiang.ledger.store import store_file
from sanxiang.records import permissions
from sanxiang.records.choices import UploadState
from sanxiang.records.models import Recording, UploadSession

# filetype needs the first 261 bytes to recognise a container.
SNIFF_BYTES = 261
METADATA_FIELDS = ("collected_at", "place", "collector_id", "proves", "device")


def staging_path(session: UploadSession) -> Path:
    directory = Path(settings.MEDIA_ROOT) / "records" / "uploads"
    directory.mkdir(parents=True, exist_ok=True)
    return directory / session.token


def sniff(head: bytes) -> str:
    """The media type recognised from a file's first bytes, or "" when unknown."""
    kind = filetype.guess(head)
    return kind.mime if kind else ""


def _check_metadata(case: Case, metadata: dict[str, Any]) -> None:
    missing = [name for name in METADATA_FIELDS if not str(metadata.get(name) or "").strip()]
    if missing:
        raise ValidationError(
            {name: _("Required for every recording (case number, time, place, collector, "
                     "what it proves, device).") for name in missing}
        )  # fmt: skip
    if not Officer.objects.filter(pk=metadata["collector_id"], agency_id=case.agency_id).exists():
        raise ValidationError(
            {"collector_id": _("The collector must be an officer of the agency.")}
        )


@transaction.atomic(durable=True)
def start_upload(
    *, actor: User, case: Case, filename: str, total_size: int, metadata: dict[str, Any],
    act: Act | None = None,
) -> UploadSession:  # fmt: skip
    """Open a resumable upload of a recording with its required metadata."""
    if not permissions.can_upload(actor, case):
        raise PermissionDenied(_("Only the case's handling officers may upload recordings."))
    if act is not None and act.case_id != case.pk:
        raise ValidationError({"act": _("The act belongs to another case.")})
    if total_size <= 0:
        raise ValidationError({"file": _("The file is empty.")})
    if total_size > settings.RECORDS_MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(limit)d GB.")
             % {"limit": settings.RECORDS_MAX_UPLOAD_BYTES // 1024**3}}
        )  # fmt: skip
    _check_metadata(case, metadata)
    return UploadSession.objects.create(
        case=case, act=act, token=secrets.token_hex(16), filename=filename[:255],
        total_size=total_size, metadata=metadata, created_by=actor,
    )  # fmt: skip


def _owned_open_session(actor: User, session: UploadSession) -> UploadSession:
    session = UploadSession.objects.select_for_update().get(pk=session.pk)
    if session.created_by_id != actor.pk:
        raise PermissionDenied(_("This upload was started by someone else."))
    if session.state != UploadState.OPEN:
        raise ValidationError(_("This upload is already finished."))
    return session


@transaction.atomic(durable=True)
def append_chunk(*, actor: User, session: UploadSession, offset: int, data: bytes) -> int:
    """Write a chunk at ``offset``; returns the bytes received so far.

    A chunk sent again after a broken connection (offset before what was received) is
    accepted if its bytes match what is stored; a gap (offset after it) is refused.
    """
    session = _owned_open_session(actor, session)
    end = offset + len(data)
    if offset < 0 or not data or end > session.total_size:
        raise ValidationError(_("The chunk does not fit the announced file size."))
    if offset > session.received:
        raise ValidationError(
            _("A chunk is missing: resume from byte %(received)d.") % {"received": session.received}
        )
    path = staging_path(session)
    with open(path, "r+b" if path.exists() else "w+b") as handle:
        handle.seek(offset)
        overlap = min(end, session.received) - offset
        if overlap > 0 and handle.read(overlap) != data[:overlap]:
            raise ValidationError(_("This chunk differs from the bytes already received."))
        handle.seek(offset)
        handle.write(data)
    if offset == 0:
        media_type = sniff(data[:SNIFF_BYTES])
        if not media_type.startswith(("video/", "audio/")):
            path.unlink(missing_ok=True)
            session.received = 0
            session.save(update_fields=["received"])
            raise ValidationError(
                {"file": _("This file is not audio or video, whatever its name says.")}
            )
        session.media_type = media_type
    session.received = max(session.received, end)
    session.save(update_fields=["received", "media_type"])
    return session.received


@transaction.atomic(durable=True)
def finish_upload(*, actor: User, session: UploadSession, is_full: bool | None = None) -> Recording:
    """Store the complete file in the evidence store and record it, with its ledger entry.

    ``is_full`` defaults to what the officer said when starting the upload.
    """
    session = _owned_open_session(actor, session)
    if is_full is None:
        is_full = bool(session.metadata.get("is_full"))
    if session.received != session.total_size:
        raise ValidationError(
            _("The upload is incomplete (%(received)d of %(total)d bytes): resume it.")
            % {"received": session.received, "total": session.total_size}
        )
    case = Case.objects.select_for_update().get(pk=session.case_id)
    if not permissions.can_upload(actor, case):
        raise PermissionDenied(_("Only the case's handling officers may upload recordings."))
    meta = session.metadata
    collected_at = dt.datetime.fromisoformat(meta["collected_at"])
    path = staging_path(session)
    with open(path, "rb") as handle:
        blob = store_file(
            fileobj=handle, actor=actor, kind="records.recording", subject=f"case:{case.pk}",
            name=session.filename,
            payload={"case": case.number, "act": session.act_id, "collected_at": meta["collected_at"],
                     "place": meta["place"], "collector": int(meta["collector_id"]),
                     "proves": meta["proves"], "device": meta["device"],
                     "media_type": session.media_type, "full": is_full},
        )  # fmt: skip
    recording = Recording.objects.create(
        case=case, act_id=session.act_id, digest=blob.digest, media_type=session.media_type,
        size=blob.size, original_name=session.filename, collected_at=collected_at,
        place=meta["place"], collector_id=meta["collector_id"], proves=meta["proves"],
        device=meta["device"], is_full=is_full, uploaded_by=actor, uploaded_at=timezone.now(),
        ledger_seq=blob.entry.seq,  # type: ignore[attr-defined]
    )  # fmt: skip
    session.state = UploadState.COMPLETE
    session.save(update_fields=["state"])
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
    return recording


def upload_file(
    *, actor: User, case: Case, fileobj: IO[bytes], filename: str, size: int,
    metadata: dict[str, Any], act: Act | None = None,
) -> Recording:  # fmt: skip
    """Upload a whole file in one go (the plain form), through the same chunked path."""
    session = start_upload(
        actor=actor, case=case, act=act, filename=filename, total_size=size, metadata=metadata
    )
    offset = 0
    while chunk := fileobj.read(settings.RECORDS_CHUNK_BYTES):
        offset = append_chunk(actor=actor, session=session, offset=offset, data=chunk)
    return finish_upload(actor=actor, session=session)
