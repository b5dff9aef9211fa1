"""Reads of the ledger: the stored tree, signed heads, proofs between them.

Everything here is public by design (hashes, sizes, signatures) except entry records, which
only ``entries_for_export`` returns and only staff with the export permission may reach.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, QuerySet

from sanxiang.ledger import merkle, signing
from sanxiang.ledger.models import (
    Checkpoint,
    Cosignature,
    Entry,
    LogState,
    SignedHead,
    SigningKey,
    Witness,
)
from sanxiang.ledger.tree import StoredTree


def log_algorithm() -> str:
    state = LogState.objects.filter(pk=1).only("algorithm").first()
    return (state.algorithm if state else "") or settings.LEDGER_HASH_ALGORITHM


def stored_tree() -> StoredTree:
    return StoredTree(algorithm=log_algorithm())


def signed_heads() -> QuerySet[SignedHead]:
    return SignedHead.objects.order_by("-size")


def latest_head() -> SignedHead | None:
    return signed_heads().first()


@dataclass(frozen=True)
class KeyInfo:
    """A signing key and its validity: from ``valid_from`` (None: not known yet) until
    ``valid_until`` (its rotation; None for the current key)."""

    key_id: str
    public_key: bytes
    valid_from: dt.datetime | None
    valid_until: dt.datetime | None
    registered: bool = True

    @property
    def current(self) -> bool:
        return self.valid_until is None

    @property
    def pem(self) -> str:
        return signing.public_key_pem(self.public_key)

    def valid_at(self, moment: dt.datetime) -> bool:
        if self.valid_from is not None and moment < self.valid_from:
            return False
        return self.valid_until is None or moment < self.valid_until


def signing_keys() -> list[KeyInfo]:
    """Every key that signed or signs tree heads, oldest first; the last is current. Before
    any key is registered (a ledger from before key rotation), the configured key, valid
    from its first head."""
    keys = list(SigningKey.objects.order_by("valid_from"))
    if not keys:
        public = signing.raw_public_key(signing.private_key())
        kid = signing.key_id(public)
        heads = SignedHead.objects.filter(key_id=kid).order_by("signed_at")
        first = heads.values_list("signed_at", flat=True).first()
        return [KeyInfo(kid, public, first, None, registered=False)]
    until = [key.valid_from for key in keys[1:]] + [None]
    return [
        KeyInfo(key.key_id, bytes(key.public_key), key.valid_from, end)
        for key, end in zip(keys, until, strict=True)
    ]


def current_key() -> KeyInfo:
    return signing_keys()[-1]


def head_of_size(size: int) -> SignedHead | None:
    return SignedHead.objects.filter(size=size).first()


def entry(seq: int) -> Entry | None:
    return Entry.objects.filter(seq=seq).first()


class NoSuchProof(LookupError):
    """No signed head of that size, or the entry is not in it."""


def head_or_latest(size: int | None) -> SignedHead:
    head = latest_head() if size is None else head_of_size(size)
    if head is None:
        raise NoSuchProof("no such signed head")
    return head


def inclusion_for(*, seq: int, size: int | None = None) -> dict[str, object]:
    """The audit path of entry ``seq`` in the signed head of ``size`` (latest if None)."""
    head = head_or_latest(size)
    if not 0 <= seq < head.size:
        raise NoSuchProof("the entry is not in that head")
    leaf, path = stored_tree().inclusion(seq, head.size)
    verified = merkle.verify_inclusion_of_hash(
        leaf, seq, head.size, path, bytes(head.root), algorithm=head.algorithm
    )
    return {
        "head": head,
        "seq": seq,
        "leaf_hash": leaf,
        "path": path,
        "verified": verified,
        "algorithm": head.algorithm,
    }


def consistency_for(*, old: int, new: int | None = None) -> dict[str, object]:
    new_head = head_or_latest(new)
    old_head = head_or_latest(old)
    if old_head.size > new_head.size:
        raise NoSuchProof("the earlier head is larger than the later one")
    path = stored_tree().consistency(old_head.size, new_head.size)
    verified = merkle.verify_consistency(
        old_head.size,
        new_head.size,
        bytes(old_head.root),
        bytes(new_head.root),
        path,
        algorithm=new_head.algorithm,
    )
    return {"old": old_head, "new": new_head, "path": path, "verified": verified}


# --- Checkpoints and witnesses --------------------------------------------------------------


def latest_checkpoint() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-size").first()


def checkpoint_of_size(size: int) -> Checkpoint | None:
    return Checkpoint.objects.filter(size=size).first()


def published_note(checkpoint: Checkpoint) -> str:
    """The checkpoint as published: the log's signed note followed by every cosignature
    received for it (one signature line each, as C2SP signed-note allows)."""
    lines = checkpoint.cosignatures.order_by("received_at", "pk").values_list("line", flat=True)
    return checkpoint.note + "".join(lines)


@dataclass(frozen=True)
class WitnessProgress:
    """A witness and the largest checkpoint it has cosigned (None: none yet)."""

    witness: Witness
    size: int | None
    cosigned_at: dt.datetime | None


def witness_progress() -> list[WitnessProgress]:
    """Who has witnessed this log up to which size, for /ledger/."""
    witnesses = list(Witness.objects.order_by("label", "pk"))
    best = {
        row["witness"]: row
        for row in Cosignature.objects.values("witness").annotate(
            size=Max("checkpoint__size"), at=Max("cosigned_at")
        )
    }
    return [
        WitnessProgress(w, best.get(w.pk, {}).get("size"), best.get(w.pk, {}).get("at"))
        for w in witnesses
        if w.active or w.pk in best
    ]
