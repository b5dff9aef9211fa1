"""Core housekeeping, run by ``sanxiang tick``: old rate-limit windows and temp files."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings

from sanxiang.core import ratelimit, tick


def remove_old_files(directory: Path, *, older_than_seconds: int) -> tuple[int, int]:
    """Delete regular files under ``directory`` older than the age; (count, bytes) removed."""
    if not directory.is_dir():
        return 0, 0
    cutoff, count, size = time.time() - older_than_seconds, 0, 0
    for path in directory.rglob("*"):
        try:
            stat = path.stat()
            if path.is_file() and stat.st_mtime < cutoff:
                path.unlink()
                count, size = count + 1, size + stat.st_size
        except FileNotFoundError:  # removed meanwhile by the request that owned it
            continue
    return count, size


@tick.register("core.housekeeping")
def housekeeping() -> str:
    """Forget rate-limit windows older than a day; delete upload temp files that a killed
    worker left behind (older than TEMP_FILES_MAX_AGE_MINUTES)."""
    windows = ratelimit.forget_old()
    count, size = remove_old_files(
        Path(settings.FILE_UPLOAD_TEMP_DIR),
        older_than_seconds=settings.TEMP_FILES_MAX_AGE_MINUTES * 60,
    )
    return f"rate-limit windows removed: {windows}; temp files removed: {count} ({size} bytes)"
