"""Scheduled ledger work, run by ``sanxiang tick``."""

from __future__ import annotations

from sanxiang.core.audit import Kind, record_security_event
from sanxiang.ledger.models import SignedHead
from sanxiang.ledger.services import sign_tree_head
from sanxiang.ledger.store import clean_staging


def sign_head() -> str:
    """Sign a new tree head when the log has grown since the last one (idempotent); also
    clear staging files of uploads that crashed a day ago or more."""
    before = SignedHead.objects.order_by("-size").values_list("key_id", flat=True).first()
    head = sign_tree_head()
    if head is not None and before is not None and head.key_id != before:
        # The signing key was replaced in the configuration: a key change to account for.
        record_security_event(
            kind=Kind.KEY_CHANGED,
            detail={
                "which": "ledger-signing",
                "from": before,
                "to": head.key_id,
                "size": head.size,
            },
        )
    cleaned = clean_staging()
    suffix = f"; removed {cleaned} stale upload(s)" if cleaned else ""
    if head is None:
        return "no new entries; nothing signed" + suffix
    return f"signed tree head at size {head.size}, root {bytes(head.root).hex()}" + suffix
