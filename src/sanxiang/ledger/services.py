"""Writes to the ledger: append entries (joining the caller's transaction), sign tree heads.

Other apps call ``append`` from their own services, inside their ``transaction.atomic``:
the entry is committed, or rolled back, with the change it records.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from sanxiang.core.audit import Kind, record_security_event
from sanxiang.ledger import merkle, note, signing
from sanxiang.ledger.canonical import NotCanonical, canonical_json
from sanxiang.ledger.models import Checkpoint, Entry, LogState, SignedHead, SigningKey
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


def _build(draft: Draft, seq: int, time: str, prev: int | None) -> Entry:
    if not isinstance(draft.payload, dict):
        raise NotCanonical("payload must be a dict")
    if not draft.kind or len(draft.kind) > KIND_MAX_LENGTH:
        raise ValueError(f"kind must be 1 to {KIND_MAX_LENGTH} characters")
    if len(draft.subject) > SUBJECT_MAX_LENGTH:
        raise ValueError(f"subject must be at most {SUBJECT_MAX_LENGTH} characters")
    actor_id, actor_name = _actor(draft.actor)
    data = {
        "actor_id": actor_id,
        "actor_name": actor_name,
        "kind": draft.kind,
        "payload": draft.payload,
        "subject": draft.subject,
        "time": time,
    }
    if draft.subject:
        # The previous entry about the same subject (None for its first): a subject's
        # entries form a chain, so a package that leaves one out shows a gap.
        data["prev"] = prev
    record = canonical_json(data)
    entry = Entry(seq=seq, record=record)
    # What the database computes from the record on insert (generated columns).
    entry.kind, entry.subject, entry.blob = draft.kind, draft.subject, _file_digest(draft.payload)
    entry.__dict__["data"] = json.loads(record)
    return entry


def _last_of_subjects(subjects: set[str]) -> dict[str, int]:
    """The latest entry of each subject (read under the log's lock: no append in between)."""
    if not subjects:
        return {}
    rows = (
        Entry.objects.filter(subject__in=subjects)
        .values("subject")
        .annotate(last=Max("seq"))
        .values_list("subject", "last")
    )
    return {subject: int(last) for subject, last in rows}


def latest_of_subject(subject: str) -> int:
    """The number of the subject's latest entry (-1 if it has none)."""
    return _last_of_subjects({subject}).get(subject, -1)


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
        last = _last_of_subjects({draft.subject for draft in drafts if draft.subject})
        entries = []
        for i, draft in enumerate(drafts):
            entries.append(_build(draft, state.size + i, time, last.get(draft.subject)))
            if draft.subject:
                last[draft.subject] = state.size + i
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


ROTATION_KIND = "ledger.key_rotated"
REASON_MAX_LENGTH = 500
MAX_CLOCK_WAIT = 5.0  # seconds a rotation waits for the clock to pass the last head


class RotationError(ValueError):
    """The signing key cannot be rotated now; the message says why."""


def _second(moment: dt.datetime) -> dt.datetime:
    return moment.replace(microsecond=0)


def _register_first_key(public: bytes, now: dt.datetime) -> SigningKey:
    """Register the key in use when the ledger had none registered (new, or upgraded: then it
    is valid from its first head)."""
    kid = signing.key_id(public)
    heads = SignedHead.objects.filter(key_id=kid).order_by("signed_at")
    first = heads.values_list("signed_at", flat=True).first()
    valid_from = min(first, now) if first is not None else now
    return SigningKey.objects.create(key_id=kid, public_key=public, valid_from=valid_from)


def current_signing_key(public: bytes, now: dt.datetime) -> SigningKey:
    """The ledger's current key (the latest registered; the configured one is registered if
    none is). A configured key that is not the current one is refused: a key change must be
    recorded by ``rotate_signing_key``. Call with the log's lock held."""
    current = SigningKey.objects.order_by("-valid_from").first()
    if current is None:
        return _register_first_key(public, now)
    if current.key_id != signing.key_id(public):
        raise ImproperlyConfigured(
            f"the configured ledger signing key {signing.key_id(public)} is not the ledger's "
            f"current key {current.key_id}: record the change with `sanxiang ledger rotate-key`"
        )
    return current


def _check_origin(origin: str) -> None:
    """The origin is the log's name for its witnesses: fixed by the first checkpoint."""
    first = Checkpoint.objects.order_by("size").values_list("origin", flat=True).first()
    if first is not None and first != origin:
        raise ImproperlyConfigured(
            f"the ledger's checkpoints are issued as {first}; SANXIANG_LEDGER_ORIGIN={origin} "
            "cannot change it (witnesses and verifiers know the log by that name)"
        )


def checkpoint_extensions(algorithm: str) -> tuple[str, ...]:
    """tlog-checkpoint roots are SHA-256 (RFC 6962); a 国密 log says it uses SM3 instead."""
    return () if algorithm == "sha256" else (f"hash {algorithm}",)


def _sign_checkpoint(
    key: Any, *, size: int, root: bytes, algorithm: str, signed_at: dt.datetime
) -> Checkpoint:
    origin = signing.log_origin()
    _check_origin(origin)
    text = note.Checkpoint(origin, size, root, checkpoint_extensions(algorithm)).text
    signed = note.Note(text, (note.sign_note(text, name=origin, key=key),))
    return Checkpoint.objects.create(
        size=size,
        origin=origin,
        root=root,
        note=signed.encode(),
        key_id=signing.key_id(signing.raw_public_key(key)),
        signed_at=signed_at,
    )


def _sign(key: Any, signed_at: dt.datetime) -> SignedHead:
    """Sign the log's current head twice: the JSON head (kept for existing monitors) and the
    C2SP checkpoint; both commit to the same size and root."""
    state = locked_state()
    width = len(merkle.empty_root(algorithm=state.algorithm))
    root = frontier_root(frontier_hashes(state.frontier, width), algorithm=state.algorithm)
    origin = signing.log_origin()
    message = signing.head_message(
        origin=origin, algorithm=state.algorithm, size=state.size, root=root, signed_at=signed_at
    )
    public = signing.raw_public_key(key)
    head = SignedHead.objects.create(
        size=state.size,
        root=root,
        algorithm=state.algorithm,
        origin=origin,
        signed_at=signed_at,
        key_id=signing.key_id(public),
        public_key=public,
        signature=key.sign(message),
    )
    _sign_checkpoint(
        key, size=state.size, root=root, algorithm=state.algorithm, signed_at=signed_at
    )
    return head


def sign_tree_head() -> SignedHead | None:
    """Sign the log's current head if it grew since the last signed head; else None. A head
    signed before checkpoints existed gets its checkpoint now (then that head is returned)."""
    key = signing.private_key()
    with transaction.atomic():
        state = locked_state()
        signed_at = _second(timezone.now())
        current = current_signing_key(signing.raw_public_key(key), signed_at)
        last = SignedHead.objects.order_by("-size").first()
        if state.size == 0:
            return None
        if last is not None and last.size >= state.size:
            if last.size != state.size or Checkpoint.objects.filter(size=last.size).exists():
                return None
            _sign_checkpoint(
                key, size=last.size, root=bytes(last.root), algorithm=last.algorithm,
                signed_at=max(signed_at, current.valid_from),
            )  # fmt: skip
            return last
        return _sign(key, max(signed_at, current.valid_from))


@dataclass(frozen=True)
class Rotation:
    old: SigningKey
    new: SigningKey
    entry: Entry
    head: SignedHead


def _rotation_start(current: SigningKey) -> dt.datetime:
    """When the new key becomes valid: a whole second after the current key's start and
    after the last head signed (so every earlier head falls in the old key's period);
    waits for that second to come."""
    last_signed = SignedHead.objects.aggregate(last=Max("signed_at"))["last"]
    earliest = max(current.valid_from, last_signed or current.valid_from) + dt.timedelta(seconds=1)
    now = timezone.now()
    if now < earliest:
        wait = (earliest - now).total_seconds()
        if wait > MAX_CLOCK_WAIT:
            raise RotationError(
                f"the last tree head was signed at {signing.format_time(earliest)}, in the "
                "future: check the server's clock before rotating the key"
            )
        time.sleep(wait)
        now = timezone.now()
    return max(_second(now), earliest)


def rotate_signing_key(*, actor: Any, reason: str, operator: str = "") -> Rotation:
    """Retire the current signing key for a new one, record the rotation in the ledger and
    sign a head with the new key at once, all in one transaction.

    Demo (no configured key): a new key is generated and replaces the file under
    ``SANXIANG_VAR_DIR`` when the transaction commits. Production: the new key is the one
    now configured (SANXIANG_LEDGER_SIGNING_KEY[_FILE]); the retired key is no longer
    configured, and only its public part stays, in ``SigningKey``.
    """
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX_LENGTH:
        raise RotationError(f"give a reason of 1 to {REASON_MAX_LENGTH} characters")
    staged = None
    if signing.key_is_configured():
        new_key, old_key = signing.private_key(), None
    else:
        old_key = signing.private_key()
        pem = signing.generate_pem()
        new_key = signing.load_private_key(pem)
        staged = signing.stage_demo_key(pem)
    new_public = signing.raw_public_key(new_key)
    new_id = signing.key_id(new_public)
    try:
        with transaction.atomic():
            locked_state()
            current = SigningKey.objects.order_by("-valid_from").first()
            if current is None:
                if old_key is None:
                    raise RotationError(
                        "no signing key is registered yet: run `sanxiang ledger sign` with the "
                        "key in use before configuring the new one"
                    )
                current = _register_first_key(
                    signing.raw_public_key(old_key), _second(timezone.now())
                )
            if SigningKey.objects.filter(key_id=new_id).exists():
                raise RotationError(
                    f"key {new_id} is already registered: configure a new key, then rotate"
                )
            valid_from = _rotation_start(current)
            new = SigningKey.objects.create(
                key_id=new_id, public_key=new_public, valid_from=valid_from
            )
            payload = {
                "old_key_id": current.key_id,
                "new_key_id": new_id,
                "new_public_key": signing.b64(new_public),
                "valid_from": signing.format_time(valid_from),
                "reason": reason,
                "operator": operator[:150],
            }
            entry = append(
                kind=ROTATION_KIND, payload=payload, actor=actor, subject=f"ledger-key:{new_id}"
            )
            head = _sign(new_key, valid_from)
            record_security_event(
                kind=Kind.KEY_CHANGED,
                actor=actor,
                detail={
                    "which": "ledger-signing",
                    "from": current.key_id,
                    "to": new_id,
                    "seq": entry.seq,
                },
                username=operator[:150],
            )
    except BaseException:
        if staged is not None:
            staged.unlink(missing_ok=True)
        raise
    if staged is not None:
        signing.install_demo_key(staged)
    return Rotation(old=current, new=new, entry=entry, head=head)
