"""Reads of the ledger: the stored tree, signed heads, proofs between them.

Everything here is public by design (hashes, sizes, signatures) except entry records, which
only ``entries_for_export`` returns and only staff with the export permission may reach.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

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
