"""``sanxiang import-historic-cases FILE.xlsx --agency CODE --user NAME [--dry-run]``.

Exit codes: 0 imported (or a clean dry run), 1 problems found (nothing written), 2 the file
or the arguments cannot be used (``sanxiang.api.import_command``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sanxiang.api.historic import HistoricImportResult, import_historic_cases
from sanxiang.api.import_command import ExcelImportCommand


class Command(ExcelImportCommand):
    help = "Import historic cases from an Excel workbook (.xlsx), all or nothing."

    def run_import(self, **kwargs: Any) -> HistoricImportResult:
        return import_historic_cases(**kwargs)

    def summary(self, result: HistoricImportResult) -> str:
        if result.dry_run:
            message = _("Dry run: %(rows)d rows are fine; %(cases)d cases would be imported.")
        else:
            message = _("Imported %(cases)d historic cases.")
        return message % {"rows": result.rows, "cases": result.rows}
