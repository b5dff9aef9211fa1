"""Tick job: digests of new access-log rows go into the ledger (R7: 调阅 is itself recorded).

Each run hashes the rows logged since the last digest (in id order, canonical JSON lines)
and appends one ledger entry per batch; run again with nothing new, it does nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sanxiang.core import tick
from sanxiang.ledger import services as ledger
from sanxiang.records.choices import UploadState
from sanxiang.records.models import AccessDigest, AccessLog, UploadSession
from sanxiang.records.services import staging_path

BATCH = 5000


def row_line(row: AccessLog) -> bytes:
    """One access-log row as the canonical line that goes into a digest."""
    fields = {
        "id": row.pk, "at": row.at.isoformat(), "user": row.user_id, "case": row.case_id,
        "action": row.action, "what": row.what, "object": f"{row.object_kind}:{row.object_id}",
        "address": row.address or "", "reason": row.reason,
    }  # fmt: skip
    return json.dumps(fields, ensure_ascii=False, sort_keys=True).encode() + b"\n"


@transaction.atomic(durable=True)
def _digest_batch() -> AccessDigest | None:
    last = AccessDigest.objects.select_for_update().order_by("-last_id").first()
    after = last.last_id if last else 0
    rows = list(AccessLog.objects.filter(pk__gt=after).order_by("pk")[:BATCH])
    if not rows:
        return None
    hasher = hashlib.sha256()
    for row in rows:
        hasher.update(row_line(row))
    digest = hasher.hexdigest()
    payload = {"first_id": rows[0].pk, "last_id": rows[-1].pk, "count": len(rows), "sha256": digest}
    entry = ledger.append(
        kind="records.access_digest", payload=payload, actor=None, subject="records:access-log"
    )
    return AccessDigest.objects.create(
        first_id=rows[0].pk, last_id=rows[-1].pk, count=len(rows), digest=digest,
        ledger_seq=entry.seq, at=timezone.now(),
    )  # fmt: skip


@tick.register("records.access-digest")
def digest_access_log() -> str:
    """Digest the access log's new rows into the ledger."""
    rows = digests = 0
    while (digest := _digest_batch()) is not None:
        rows += digest.count
        digests += 1
    return f"access log: {rows} rows in {digests} ledger digests"


@tick.register("records.abandoned-uploads")
def remove_abandoned_uploads() -> str:
    """Remove recording uploads nobody continued for RECORDS_UPLOAD_ABANDONED_HOURS: the
    session and its staged bytes (never a finished recording, which lives in the ledger)."""
    cutoff = timezone.now() - dt.timedelta(hours=settings.RECORDS_UPLOAD_ABANDONED_HOURS)
    removed = size = 0
    for session in UploadSession.objects.filter(state=UploadState.OPEN):
        path = staging_path(session)
        touched = (
            dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
            if path.exists()
            else session.created_at
        )
        if touched >= cutoff:
            continue
        if path.exists():
            size += path.stat().st_size
            path.unlink()
        session.delete()
        removed += 1
    return f"abandoned uploads removed: {removed} ({size} bytes)"
