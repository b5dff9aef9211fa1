"""Writes to the ledger: append entries (joining the caller's transaction), sign tree heads.

Other apps call ``append`` from their own services, inside their ``transaction.atomic``:
the entry is committed, or rolled back, with the change it records.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from sanxiang.ledger import merkle, signing
from sanxiang.ledger.canonical import NotCanonical, canonical_json
from sanxiang.ledger.models import Entry, LogState, SignedHead
from sanxiang.ledger.tree import extend, frontier_hashes, frontier_root

KIND_MAX_LENGTH = 64
SUBJECT_MAX_LENGTH = 200


@dataclass(frozen=True)
class Draft:
    """An entry to append: what happened (kind), to what (subject), by whom, with what data."""

    kind: str
    payload: dict[str, Any]
    actor: Any = None
    subject: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _actor(actor: Any) -> tuple[int | None, str]:
    if actor is None:
        return None, ""
    if not getattr(actor, "is_authenticated", False):
        raise ValueError("a ledger entry's actor must be a signed-in user, or None for the system")
    return int(actor.pk), str(actor)[:150]


def format_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _file_digest(payload: dict[str, Any]) -> str:
    file = payload.get("file")
    return str(file.get("digest", "")) if isinstance(file, dict) else ""


def _build(draft: Draft, seq: int, time: str) -> Entry:
    if not isinstance(draft.payload, dict):
        raise NotCanonical("payload must be a dict")
    if not draft.kind or len(draft.kind) > KIND_MAX_LENGTH:
        raise ValueError(f"kind must be 1 to {KIND_MAX_LENGTH} characters")
    if len(draft.subject) > SUBJECT_MAX_LENGTH:
        raise ValueError(f"subject must be at most {SUBJECT_MAX_LENGTH} characters")
    actor_id, actor_name = _actor(draft.actor)
    record = canonical_json(
        {
            "actor_id": actor_id,
            "actor_name": actor_name,
            "kind": draft.kind,
            "payload": draft.payload,
            "subject": draft.subject,
            "time": time,
        }
    )
    entry = Entry(seq=seq, record=record)
    # What the database computes from the record on insert (generated columns).
    entry.kind, entry.subject, entry.blob = draft.kind, draft.subject, _file_digest(draft.payload)
    entry.__dict__["data"] = json.loads(record)
    return entry


def locked_state() -> LogState:
    """The log's state row, locked until the end of the transaction (one writer at a time)."""
    try:
        state = LogState.objects.select_for_update().get(pk=1)
    except LogState.DoesNotExist:
        LogState.objects.bulk_create([LogState(pk=1)], ignore_conflicts=True)
        state = LogState.objects.select_for_update().get(pk=1)
    configured = settings.LEDGER_HASH_ALGORITHM
    if not state.algorithm:
        state.algorithm = configured
    elif state.algorithm != configured:
        raise ImproperlyConfigured(
            f"the ledger was started with {state.algorithm}; SANXIANG_LEDGER_HASH={configured} "
            "cannot change it"
        )
    return state


# The hot path of every append: plain INSERTs with executemany, which is several times
# faster than compiling ``bulk_create`` for each batch (bench/ledger_append.py).
_ENTRY_INSERT = "INSERT INTO ledger_entry (seq, record) VALUES (%s, %s)"
_NODE_INSERT = "INSERT INTO ledger_node (level, position, hash) VALUES (%s, %s, %s)"


_ENTRY_COPY = "COPY ledger_entry (seq, record) FROM STDIN"
_NODE_COPY = "COPY ledger_node (level, position, hash) FROM STDIN"


def _insert(insert: str, copy: str, rows: list[tuple[Any, ...]]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(rows) > 1:
            # COPY moves a batch in one round trip (psycopg 3).
            with cursor.cursor.copy(copy) as stream:
                for row in rows:
                    stream.write_row(row)
        else:
            cursor.executemany(insert, rows)


def _insert_entries(entries: list[Entry]) -> None:
    rows = [(e.seq, e.record) for e in entries]
    _insert(_ENTRY_INSERT, _ENTRY_COPY, rows)


def _insert_nodes(nodes: list[tuple[int, int, bytes]]) -> None:
    _insert(_NODE_INSERT, _NODE_COPY, list(nodes))


def append_many(drafts: Sequence[Draft]) -> list[Entry]:
    """Append several entries in order, in one transaction (joins the caller's)."""
    with transaction.atomic():
        state = locked_state()
        algorithm = state.algorithm
        time = format_time(timezone.now())
        entries = [_build(draft, state.size + i, time) for i, draft in enumerate(drafts)]
        leaves = [merkle.leaf_hash(e.record.encode("utf-8"), algorithm=algorithm) for e in entries]
        width = len(merkle.empty_root(algorithm=algorithm))
        nodes, frontier = extend(
            state.size, frontier_hashes(state.frontier, width), leaves, algorithm=algorithm
        )
        _insert_entries(entries)
        _insert_nodes(nodes)
        state.size += len(entries)
        state.frontier = b"".join(frontier)
        state.save(update_fields=["size", "frontier", "algorithm"])
    return entries


def append(*, kind: str, payload: dict[str, Any], actor: Any, subject: str) -> Entry:
    """Append one entry to the ledger, inside the caller's transaction if there is one.

    ``actor`` is the acting user (``agencies.User``) or None for the system; ``payload`` is
    made canonical JSON (floats are refused with ``NotCanonical``).
    """
    return append_many([Draft(kind=kind, payload=payload, actor=actor, subject=subject)])[0]


def current_root() -> tuple[int, bytes, str]:
    """The log's size, root hash and hash algorithm now."""
    state = LogState.objects.filter(pk=1).first()
    algorithm = (state.algorithm if state else "") or settings.LEDGER_HASH_ALGORITHM
    if state is None or state.size == 0:
        return 0, merkle.empty_root(algorithm=algorithm), algorithm
    width = len(merkle.empty_root(algorithm=algorithm))
    root = frontier_root(frontier_hashes(state.frontier, width), algorithm=algorithm)
    return state.size, root, algorithm


def sign_tree_head() -> SignedHead | None:
    """Sign the log's current head if it grew since the last signed head; else None."""
    key = signing.private_key()
    with transaction.atomic():
        state = locked_state()
        last = SignedHead.objects.order_by("-size").first()
        if state.size == 0 or (last is not None and last.size >= state.size):
            return None
        width = len(merkle.empty_root(algorithm=state.algorithm))
        root = frontier_root(frontier_hashes(state.frontier, width), algorithm=state.algorithm)
        signed_at = timezone.now().replace(microsecond=0)
        message = signing.head_message(
            origin=settings.LEDGER_ORIGIN,
            algorithm=state.algorithm,
            size=state.size,
            root=root,
            signed_at=signed_at,
        )
        public = signing.raw_public_key(key)
        return SignedHead.objects.create(
            size=state.size,
            root=root,
            algorithm=state.algorithm,
            origin=settings.LEDGER_ORIGIN,
            signed_at=signed_at,
            key_id=signing.key_id(public),
            public_key=public,
            signature=key.sign(message),
        )
