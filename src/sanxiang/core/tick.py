"""Scheduled work run by ``sanxiang tick`` (cron or a systemd timer; idempotent).

Apps register jobs one way: ``@tick.register("name")`` in a module (usually ``jobs.py``) that
the app's ``AppConfig.ready`` imports. Core runs them in the order of their apps in
INSTALLED_APPS, the dependency order, so a job may rely on the work of those before it.

A run cannot wedge: each job is isolated (a job that raises is logged, reported in the exit
status, and the others still run), and only one run goes at a time — a PostgreSQL advisory
lock, or on SQLite an exclusive lock on ``settings.TICK_LOCK_FILE``. A run that finds the
lock taken does nothing and says so (``TickBusy``).
"""

from __future__ import annotations

import fcntl
import logging
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger("sanxiang.tick")

# The key of the PostgreSQL advisory lock (any fixed 63-bit number; this one names the job).
ADVISORY_LOCK_KEY = zlib.crc32(b"sanxiang.tick")


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], str]  # returns a one-line report of what it did

    @property
    def summary(self) -> str:
        """The first paragraph of the job's docstring, on one line, for ``tick --list``."""
        paragraph = (self.run.__doc__ or "").strip().split("\n\n")[0]
        return " ".join(paragraph.split())


@dataclass(frozen=True)
class Outcome:
    job: str
    ok: bool
    report: str  # the job's own report, or the error
    seconds: float


class TickBusy(Exception):
    """Another ``sanxiang tick`` is running against this installation."""


class UnknownJob(Exception):
    """A job name that no app registered."""


_jobs: list[Job] = []


def register(name: str) -> Callable[[Callable[[], str]], Callable[[], str]]:
    """Register a tick job under ``name`` (decorator). Jobs must be idempotent."""

    def decorator(func: Callable[[], str]) -> Callable[[], str]:
        if all(job.name != name for job in _jobs):
            _jobs.append(Job(name=name, run=func))
        return func

    return decorator


def jobs() -> list[Job]:
    """The jobs in the order of their apps in INSTALLED_APPS (within an app, as registered),
    whenever each module happened to be imported: an app's job may rely on those before it."""
    order = {config.name: i for i, config in enumerate(apps.get_app_configs())}

    def app_position(job: Job) -> int:
        module = job.run.__module__
        found = [i for name, i in order.items() if module == name or module.startswith(name + ".")]
        return max(found, default=len(order))

    return sorted(_jobs, key=app_position)


def select(names: Iterable[str] = ()) -> list[Job]:
    """The registered jobs named (all of them when none is named), in registration order."""
    wanted = set(names)
    unknown = wanted - {job.name for job in _jobs}
    if unknown:
        raise UnknownJob(", ".join(sorted(unknown)))
    return [job for job in jobs() if not wanted or job.name in wanted]


def run_job(job: Job) -> Outcome:
    """Run one job; an exception is logged with its traceback and becomes a failed outcome."""
    started = time.monotonic()
    try:
        report = job.run()
    except Exception as exc:  # isolation: one job's failure must not stop the others
        logger.exception("tick job %s failed", job.name)
        return Outcome(job.name, False, f"{type(exc).__name__}: {exc}", _since(started))
    return Outcome(job.name, True, str(report), _since(started))


def _since(started: float) -> float:
    return round(time.monotonic() - started, 3)


@contextmanager
def single_run() -> Iterator[None]:
    """Hold the installation's tick lock for the duration; raise TickBusy if it is taken."""
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        with _advisory_lock():
            yield
    else:
        with _file_lock(Path(settings.TICK_LOCK_FILE)):
            yield


@contextmanager
def _advisory_lock() -> Iterator[None]:
    # A connection of its own: a job that closes or resets the default connection must not
    # release the lock mid-run, and the lock must not ride on the jobs' transactions.
    connection = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
            if not cursor.fetchone()[0]:
                raise TickBusy
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
    finally:
        connection.close()


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise TickBusy from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
