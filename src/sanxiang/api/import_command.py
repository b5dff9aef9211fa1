"""The shared shape of the Excel import commands (``sanxiang import-people`` and
``sanxiang import-historic-cases``): resolve the agency and the acting user, read the file,
run the import service, report every problem with its row and column.

Exit codes: 0 imported (or a clean dry run), 1 problems found (nothing written), 2 the file
or the arguments cannot be used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sanxiang.agencies.models import Agency, User
from sanxiang.api.imports import ImportFileError


class ExcelImportCommand(BaseCommand):
    """Subclasses name the service (``run_import``) and word the summary (``summary``)."""

    def run_import(
        self, *, actor: User, agency: Agency, data: bytes, file_name: str, dry_run: bool
    ) -> Any:
        raise NotImplementedError

    def summary(self, result: Any) -> str:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--agency", required=True, help="the agency's public code")
        parser.add_argument(
            "--user", required=True, help="user name of the agency administrator acting"
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(
                _("No agency has the code %(code)s.") % {"code": options["agency"]}, returncode=2
            )
        actor = User.objects.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(
                _("No active user is called %(name)s.") % {"name": options["user"]}, returncode=2
            )
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("Cannot read %(path)s.") % {"path": path}, returncode=2) from exc
        try:
            result = self.run_import(
                actor=actor, agency=agency, data=data, file_name=path.name,
                dry_run=options["dry_run"],
            )  # fmt: skip
        except (ImportFileError, PermissionDenied) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self._report(result)

    def _report(self, result: Any) -> None:
        problems = list(result.problems)
        for problem in problems:
            self.stderr.write(
                _("Row %(row)d, column %(column)s: %(message)s")
                % {"row": problem.row, "column": problem.column or "-", "message": problem.message}
            )
        if problems:
            raise CommandError(
                _("%(count)d problems; nothing was imported.") % {"count": len(problems)},
                returncode=1,
            )
        self.stdout.write(self.summary(result))
