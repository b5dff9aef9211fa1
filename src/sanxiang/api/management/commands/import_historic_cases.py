"""``sanxiang import-historic-cases FILE.xlsx --agency CODE --user NAME [--dry-run]``.

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
from sanxiang.api.historic import HistoricImportResult, import_historic_cases
from sanxiang.api.imports import ImportFileError


class Command(BaseCommand):
    help = "Import historic cases from an Excel workbook (.xlsx), all or nothing."

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
            result = import_historic_cases(
                actor=actor, agency=agency, data=data, file_name=path.name,
                dry_run=options["dry_run"],
            )  # fmt: skip
        except ImportFileError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self._report(result)

    def _report(self, result: HistoricImportResult) -> None:
        for problem in result.problems:
            column = problem.column or "-"
            self.stderr.write(
                _("Row %(row)d, column %(column)s: %(message)s")
                % {"row": problem.row, "column": column, "message": problem.message}
            )
        if result.problems:
            raise CommandError(
                _("%(count)d problems; nothing was imported.") % {"count": len(result.problems)},
                returncode=1,
            )
        if result.dry_run:
            message = _("Dry run: %(rows)d rows are fine; %(cases)d cases would be imported.")
        else:
            message = _("Imported %(cases)d historic cases.")
        self.stdout.write(message % {"rows": result.rows, "cases": result.rows})
