"""Reads of the ledger: the stored tree, signed heads, proofs between them.

Everything here is public by design (hashes, sizes, signatures) except entry records, which
only ``entries_for_export`` returns and only staff with the export permission may reach.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from sanxiang.ledger import merkle
from sanxiang.ledger.models import Entry, LogState, SignedHead
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
