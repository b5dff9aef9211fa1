"""Atomic rate limits: at most N attempts per key in a fixed window, across processes.

Counts live in the database (``core.RateLimitCount``), not in the cache: the default cache
is files, whose increment is a read then a write, and 21 of 40 concurrent wrong look-up codes
once passed a limit of 10 that way. Here an attempt is one conditional UPDATE
(``count < limit``), which the database applies atomically whatever the number of workers,
on SQLite and PostgreSQL alike. Old windows are deleted by ``sanxiang tick``.
"""

from __future__ import annotations

import time

from django.db import IntegrityError, transaction
from django.db.models import F

from sanxiang.core.models import RateLimitCount

KEY_LENGTH = 200


def _window(seconds: int) -> int:
    return int(time.time()) // seconds * seconds


def take(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt; False (and nothing counted) when ``limit`` were already made."""
    key = key[:KEY_LENGTH]
    window = _window(window_seconds)
    rows = RateLimitCount.objects.filter(scope=scope, key=key, window_start=window)
    if rows.filter(count__lt=limit).update(count=F("count") + 1):
        return True
    if rows.exists():
        return False
    try:
        with transaction.atomic():
            RateLimitCount.objects.create(scope=scope, key=key, window_start=window, count=1)
        return limit > 0
    except IntegrityError:  # another worker created it first: count against its row
        return bool(rows.filter(count__lt=limit).update(count=F("count") + 1))


def give_back(scope: str, key: str, *, window_seconds: int) -> None:
    """Undo one attempt (e.g. a sign-in that succeeded does not count as a failure)."""
    RateLimitCount.objects.filter(
        scope=scope, key=key[:KEY_LENGTH], window_start=_window(window_seconds), count__gt=0
    ).update(count=F("count") - 1)


def forget_old(older_than_seconds: int = 86400) -> int:
    """Delete windows that ended long ago; returns how many rows went."""
    cutoff = int(time.time()) - older_than_seconds
    deleted, _ = RateLimitCount.objects.filter(window_start__lt=cutoff).delete()
    return deleted
