"""``sanxiang import-people FILE.xlsx --agency CODE --user NAME [--dry-run]``.

Exit codes: 0 imported (or a clean dry run), 1 problems found (nothing written), 2 the file
or the arguments cannot be used (``sanxiang.api.import_command``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sanxiang.api.import_command import ExcelImportCommand
from sanxiang.api.imports import ImportResult, import_people


class Command(ExcelImportCommand):
    help = "Import officers and credentials from an Excel workbook (.xlsx), all or nothing."

    def run_import(self, **kwargs: Any) -> ImportResult:
        return import_people(**kwargs)

    def summary(self, result: ImportResult) -> str:
        counts = {
            "rows": result.rows, "officers": result.officers_created,
            "credentials": result.credentials_issued,
        }  # fmt: skip
        if result.dry_run:
            message = _(
                "Dry run: %(rows)d rows are fine; %(officers)d officers and %(credentials)d "
                "credentials would be added."
            )
        else:
            message = _(
                "Imported %(rows)d rows: %(officers)d officers, %(credentials)d credentials."
            )
        return message % counts
