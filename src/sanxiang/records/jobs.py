"""Tick job: digests of new access-log rows go into the ledger (R7: 调阅 is itself recorded).

Each run hashes the rows logged since the last digest (in id order, canonical JSON lines)
and appends one ledger entry per batch; run again with nothing new, it does nothing.
"""

from __future__ import annotations

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from sanxiang.core import tick
from sanxiang.ledger import services as ledger
from sanxiang.records.models import AccessDigest, AccessLog

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
