"""Shared set-up of the ledger benchmarks: a throw-away database and Django.

Usage: ``python bench/ledger_<name>.py [--db sqlite|postgres] ...``. SQLite goes to a fresh
directory under /tmp; PostgreSQL to the database ``sanxiang_ledger_bench`` on
127.0.0.1:5432 (override with BENCH_DATABASE_URL), dropped and created anew.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PG_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sanxiang_ledger_bench"
)


def parser(description: str) -> argparse.ArgumentParser:
    result = argparse.ArgumentParser(description=description)
    result.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    return result


def setup(db: str, *, fresh: bool = True, var_dir: str | None = None, migrate: bool = True) -> None:
    """Point Django at a fresh benchmark database, migrate it, and set Django up."""
    var = var_dir or tempfile.mkdtemp(prefix="sx-ledger-bench-")
    os.environ["SANXIANG_VAR_DIR"] = var
    os.environ["DJANGO_SETTINGS_MODULE"] = "sanxiang.settings"
    if db == "postgres":
        os.environ["DATABASE_URL"] = PG_URL
        if fresh:
            import psycopg

            name = PG_URL.rsplit("/", 1)[1]
            with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{name}"')
                c.execute(f'CREATE DATABASE "{name}"')
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    sqlite = __import__("sqlite3").sqlite_version
    try:
        pg = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "show server_version"],
            capture_output=True, text=True, timeout=5,
        ).stdout.strip() or "n/a"  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        pg = "n/a"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM; {platform.platform()}; "
        f"Python {platform.python_version()}; SQLite {sqlite}; PostgreSQL {pg}; "
        f"load average {load} (other work on the machine while measuring)"
    )


def postgres_cpu() -> float | None:
    """CPU seconds used so far by this machine's PostgreSQL processes (the server, its live
    backends, and the backends it has reaped), or None when none can be seen."""
    tick = os.sysconf("SC_CLK_TCK")
    total, found = 0.0, False
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        if stat[stat.index("(") + 1 : stat.rindex(")")] not in ("postgres", "postmaster"):
            continue
        found = True
        fields = stat[stat.rindex(")") + 2 :].split()
        total += sum(int(value) for value in fields[11:15]) / tick  # utime stime cutime cstime
    return total if found else None


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def report(lines: list[str]) -> None:
    print("\n".join(lines))
    sys.stdout.flush()
