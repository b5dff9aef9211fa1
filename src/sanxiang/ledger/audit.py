"""Security events digested into the ledger, and the check that they still match.

The ``security-digest`` tick job takes the events recorded since the last digest (in id
order, at most ``BATCH``), and appends one ledger entry carrying their count, first and
last id, a short hash of each event (to name the one that changed) and a SHA-256 digest
over the batch chained to the digest before it:

    digest_n = SHA-256(digest_{n-1} ‖ line_1 ‖ … ‖ line_k)    (line = canonical JSON + "\\n")

``verify_security_events`` recomputes every batch from the table against the ledger and
names each event altered, missing, or added inside a batch after it was digested
(``sanxiang audit verify``). The ledger itself is checked by ``sanxiang ledger verify``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from sanxiang.core import tick
from sanxiang.core.models import SecurityDigest, SecurityEvent
from sanxiang.ledger import services as ledger
from sanxiang.ledger.models import Entry

KIND = "core.security_digest"
SUBJECT = "core:security-events"
BATCH = 1000
# Events younger than this wait for the next tick: a transaction that recorded an event a
# moment ago may still commit a lower id after a higher one.
SETTLE_SECONDS = 5


def event_line(event: SecurityEvent) -> bytes:
    """One event as the canonical line that goes into a digest."""
    fields = {
        "id": event.pk, "at": event.at.astimezone(dt.UTC).isoformat(), "kind": event.kind,
        "user_id": event.user_id, "username": event.username, "agency_id": event.agency_id,
        "address": event.address or "", "user_agent": event.user_agent, "path": event.path,
        "detail": event.detail,
    }  # fmt: skip
    return json.dumps(fields, ensure_ascii=False, sort_keys=True).encode() + b"\n"


def short_hash(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()[:16]


def chain(previous: str, lines: list[bytes]) -> str:
    hasher = hashlib.sha256(previous.encode("ascii"))
    for line in lines:
        hasher.update(line)
    return hasher.hexdigest()


@transaction.atomic(durable=True)
def _digest_batch(settle_seconds: int) -> SecurityDigest | None:
    last = SecurityDigest.objects.select_for_update().order_by("-last_id").first()
    after, previous = (last.last_id, last.digest) if last else (0, "")
    settled = timezone.now() - dt.timedelta(seconds=settle_seconds)
    rows = list(SecurityEvent.objects.filter(pk__gt=after, at__lte=settled).order_by("pk")[:BATCH])
    if not rows:
        return None
    lines = [event_line(row) for row in rows]
    digest = chain(previous, lines)
    hashes = [[row.pk, short_hash(line)] for row, line in zip(rows, lines, strict=True)]
    payload = {
        "first_id": rows[0].pk, "last_id": rows[-1].pk, "count": len(rows), "sha256": digest,
        "previous": previous, "events": hashes,
    }  # fmt: skip
    entry = ledger.append(kind=KIND, payload=payload, actor=None, subject=SUBJECT)
    return SecurityDigest.objects.create(
        first_id=rows[0].pk, last_id=rows[-1].pk, count=len(rows), digest=digest,
        ledger_seq=entry.seq, at=timezone.now(),
    )  # fmt: skip


def digest_security_events(*, settle_seconds: int = SETTLE_SECONDS) -> tuple[int, int]:
    """Digest every settled new event; returns (events, ledger entries)."""
    events = entries = 0
    while (digest := _digest_batch(settle_seconds)) is not None:
        events += digest.count
        entries += 1
    return events, entries


@tick.register("security-digest")
def tick_job() -> str:
    """Digest the security events recorded since the last digest into the ledger."""
    events, entries = digest_security_events()
    return f"security events: {events} in {entries} ledger digests"


@dataclass(frozen=True)
class Fault:
    problem: str  # altered, missing, added, chain, digest
    event_id: int | None
    ledger_seq: int

    def __str__(self) -> str:
        what = f"security event {self.event_id}" if self.event_id is not None else "digest"
        return f"{what}: {self.problem} (ledger entry #{self.ledger_seq})"


@dataclass
class Report:
    batches: int = 0
    events: int = 0
    undigested: int = 0
    faults: list[Fault] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.faults


def _check_batch(entry: Entry, previous: str, report: Report) -> None:
    payload: dict[str, Any] = entry.payload
    expected = {int(i): h for i, h in payload["events"]}
    rows = SecurityEvent.objects.filter(pk__gte=payload["first_id"], pk__lte=payload["last_id"])
    lines = {row.pk: event_line(row) for row in rows.order_by("pk")}
    faults = [Fault("missing", i, entry.seq) for i in expected if i not in lines]
    for pk, line in lines.items():
        if pk not in expected:
            faults.append(Fault("added", pk, entry.seq))
        elif short_hash(line) != expected[pk]:
            faults.append(Fault("altered", pk, entry.seq))
    if payload.get("previous", "") != previous:
        faults.append(Fault("chain", None, entry.seq))
    digest = chain(previous, [lines[i] for i in sorted(expected) if i in lines])
    if not faults and digest != payload["sha256"]:
        faults.append(Fault("digest", None, entry.seq))
    report.faults.extend(sorted(faults, key=lambda f: (f.event_id or 0, f.problem)))
    report.batches += 1
    report.events += len(expected)


def verify_security_events() -> Report:
    """Recompute every digest in the ledger from the events table; name what differs."""
    report, previous, last_id = Report(), "", 0
    for entry in Entry.objects.filter(kind=KIND).order_by("seq").iterator(chunk_size=100):
        _check_batch(entry, previous, report)
        previous, last_id = entry.payload["sha256"], int(entry.payload["last_id"])
    report.undigested = SecurityEvent.objects.filter(pk__gt=last_id).count()
    return report
