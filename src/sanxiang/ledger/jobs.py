"""Scheduled ledger work, run by ``sanxiang tick``."""

from __future__ import annotations

from sanxiang.ledger.services import sign_tree_head


def sign_head() -> str:
    """Sign a new tree head when the log has grown since the last one (idempotent)."""
    head = sign_tree_head()
    if head is None:
        return "no new entries; nothing signed"
    return f"signed tree head at size {head.size}, root {bytes(head.root).hex()}"
