"""Scheduled ledger work, run by ``sanxiang tick``."""

from __future__ import annotations

from sanxiang.ledger.services import sign_tree_head
from sanxiang.ledger.store import clean_staging


def sign_head() -> str:
    """Sign a new tree head when the log has grown since the last one (idempotent); also
    clear staging files of uploads that crashed a day ago or more."""
    head = sign_tree_head()
    cleaned = clean_staging()
    suffix = f"; removed {cleaned} stale upload(s)" if cleaned else ""
    if head is None:
        return "no new entries; nothing signed" + suffix
    return f"signed tree head at size {head.size}, root {bytes(head.root).hex()}" + suffix
