"""``sanxiang tick``: run every registered scheduled job once (idempotent; safe from cron).

Each job runs on its own: one that fails is logged and reported, and the others still run;
the exit status is 1 if any failed. Only one run at a time: a run that finds another one
going does nothing and exits with status 75 (EX_TEMPFAIL: try again at the next tick).
``--list`` names the jobs; ``--only JOB`` (repeatable) runs just those.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sanxiang.core import tick

BUSY_EXIT_STATUS = 75


class Command(BaseCommand):
    help = "Run scheduled work once: deadlines, warnings, signed tree heads. Safe to repeat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", action="store_true", help="List the jobs and stop.")
        parser.add_argument(
            "--only", action="append", default=[], metavar="JOB", help="Run only this job."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            selected = tick.select(options["only"])
        except tick.UnknownJob as exc:
            raise CommandError(
                _("No tick job named %(names)s; `sanxiang tick --list` names them.")
                % {"names": str(exc)},
                returncode=2,
            ) from exc
        if options["list"]:
            for job in selected:
                self.stdout.write(f"{job.name}\t{job.summary}".rstrip())
            return
        failed = []
        try:
            with tick.single_run():
                for job in selected:
                    if not self._show(tick.run_job(job)):
                        failed.append(job.name)
        except tick.TickBusy as exc:
            raise CommandError(
                _("Another tick is running; nothing was done. Try again at the next tick."),
                returncode=BUSY_EXIT_STATUS,
            ) from exc
        if failed:
            raise CommandError(
                _("Tick jobs failed: %(jobs)s (details in the log).") % {"jobs": ", ".join(failed)},
                returncode=1,
            )

    def _show(self, outcome: tick.Outcome) -> bool:
        if outcome.ok:
            self.stdout.write(f"{outcome.job}: {outcome.report}")
        else:
            message = _("%(job)s failed: %(error)s")
            self.stderr.write(message % {"job": outcome.job, "error": outcome.report})
        return outcome.ok
