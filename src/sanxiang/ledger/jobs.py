"""Scheduled ledger work, run by ``sanxiang tick``."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from sanxiang.core import tick
from sanxiang.ledger.services import sign_tree_head
from sanxiang.ledger.store import clean_staging

logger = logging.getLogger(__name__)


@tick.register("ledger-sign-head")
def sign_head() -> str:
    """Sign a new tree head when the log has grown since the last one (idempotent); also
    clear staging files of uploads that crashed (older than TEMP_FILES_MAX_AGE_MINUTES). A signing key changed
    without ``sanxiang ledger rotate-key`` is reported (and logged as an error) without
    stopping the other jobs."""
    cleaned = clean_staging(older_than_seconds=settings.TEMP_FILES_MAX_AGE_MINUTES * 60)
    suffix = f"; removed {cleaned} stale upload(s)" if cleaned else ""
    try:
        head = sign_tree_head()
    except ImproperlyConfigured as exc:
        logger.error("ledger tree head not signed: %s", exc)
        return f"NOT SIGNED: {exc}" + suffix
    if head is None:
        return "no new entries; nothing signed" + suffix
    return f"signed tree head at size {head.size}, root {bytes(head.root).hex()}" + suffix


@tick.register("ledger-timestamp")
def stamp_checkpoints() -> str:
    """Have the configured time-stamping authority stamp new checkpoints (RFC 3161)."""
    from sanxiang.ledger.timestamps import stamp_pending

    return stamp_pending()
