"""Running a piece of Sanxiang in a real process and killing it (SIGKILL) mid-write.

The child is a small Django script on the test database. It signals on standard output when it
has reached the chosen point, inside the transaction, and then waits; the test kills it there.
The pause is installed by the child script itself, around a real function of the code under
test: production code carries no hook.

On PostgreSQL the child opens the test database itself. SQLite's test database lives in the
memory of the test process, so it is copied to a file for the child and copied back after the
kill: what comes back is what SQLite recovers from the file after a crash.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

PRELUDE = """
import os, sys, time
import django
django.setup()


def pause_after(module, name, *, when=lambda *a, **k: True, message="paused"):
    # Wrap module.name: call it, then, when ``when`` holds, say so and wait to be killed.
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        if when(*args, **kwargs):
            print(message, flush=True)
            time.sleep(600)
        return result

    setattr(module, name, wrapper)
"""


class Child:
    """A Django process on the test database, killed once it prints ``message``."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.sqlite_file: Path | None = None

    def _env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sanxiang.settings",
            "SANXIANG_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
        if connection.vendor == "postgresql":
            s = connection.settings_dict
            env["DATABASE_URL"] = (
                f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
            )
        else:
            self.sqlite_file = self.tmp_path / "crash.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(self.sqlite_file)
            connection.connection.backup(target)
            target.close()
            env["DATABASE_URL"] = f"sqlite:///{self.sqlite_file}"
        return env

    def run_until(self, script: str, message: str = "paused", *, timeout: float = 300) -> str:
        """Run ``script`` and kill it with SIGKILL when it prints ``message``; its output."""
        child = subprocess.Popen(
            [sys.executable, "-c", PRELUDE + textwrap.dedent(script)],
            env=self._env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert child.stdout is not None
        lines = []
        watchdog = threading.Timer(timeout, child.kill)  # a child that never gets there
        watchdog.start()
        try:
            for line in child.stdout:
                lines.append(line.strip())
                if line.strip() == message:
                    child.send_signal(signal.SIGKILL)
                    break
            else:
                raise AssertionError(
                    f"the child ended without reaching {message!r}: {lines} "
                    f"{child.stderr.read() if child.stderr else ''}"
                )
        finally:
            watchdog.cancel()
            child.kill()
            child.wait(timeout=timeout)
        assert child.returncode == -signal.SIGKILL
        self._reload()
        return "\n".join(lines)

    def _reload(self) -> None:
        if self.sqlite_file is None:
            return
        source = sqlite3.connect(self.sqlite_file)  # recovers from the crash: the journal
        source.backup(connection.connection)
        source.close()


def ledger_report() -> Any:
    from sanxiang.ledger.verify import verify_ledger

    return verify_ledger(files=True)
