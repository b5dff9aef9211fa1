"""``sanxiang tick``: run every registered scheduled job once (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sanxiang.core import tick


class Command(BaseCommand):
    help = "Run scheduled work once: deadlines, warnings, signed tree heads. Safe to repeat."

    def handle(self, *args: Any, **options: Any) -> None:
        for job in tick.jobs():
            report = job.run()
            self.stdout.write(f"{job.name}: {report}")
