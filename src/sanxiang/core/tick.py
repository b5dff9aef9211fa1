"""Scheduled work run by ``sanxiang tick`` (cron or a systemd timer; idempotent).

Apps register jobs in their ``AppConfig.ready``; core runs them in registration order
(which follows INSTALLED_APPS, so the dependency order of the apps).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], str]  # returns a one-line report of what it did


_jobs: list[Job] = []


def register(name: str) -> Callable[[Callable[[], str]], Callable[[], str]]:
    """Register a tick job under ``name`` (decorator). Jobs must be idempotent."""

    def decorator(func: Callable[[], str]) -> Callable[[], str]:
        if all(job.name != name for job in _jobs):
            _jobs.append(Job(name=name, run=func))
        return func

    return decorator


def jobs() -> list[Job]:
    return list(_jobs)
