"""The case register (执法台账) as an Excel workbook, written row by row."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook

from sanxiang.cases.deadlines import next_deadline
from sanxiang.cases.models import Case
from sanxiang.core.spreadsheets import safe_row

# Exports are for a period's register, not the whole database at once.
MAX_EXPORT_ROWS = 20000


def _columns() -> list[str]:
    return [
        _("Case number"), _("Cause of action"), _("Parties"), _("Category"), _("Procedure"),
        _("Power item"), _("Stage"), _("Filed on"), _("Decided on"), _("Closed on"),
        _("Handling officers"), _("Next deadline"), _("Deadline for"), _("Legal basis"),
    ]  # fmt: skip


def _row(case: Case) -> list[str]:
    due = next_deadline(case)
    return [
        case.number,
        case.title,
        "、".join(link.party.name for link in case.case_parties.all()),
        case.get_category_display(),
        case.get_procedure_display(),
        case.power_item.name,
        case.get_stage_display(),
        case.filed_on.isoformat(),
        case.decided_on.isoformat() if case.decided_on else "",
        case.closed_on.isoformat() if case.closed_on else "",
        "、".join(link.officer.name for link in case.case_officers.all()),
        (due.due.isoformat() + (_(" (provisional)") if due.deadline.provisional else ""))
        if due
        else "",
        due.purpose if due else "",
        due.deadline.basis if due else "",
    ]


def workbook(cases: Iterable[Case]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Case register"))
    sheet.append(_columns())
    for index, case in enumerate(cases):
        if index >= MAX_EXPORT_ROWS:
            break
        sheet.append(safe_row(_row(case)))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
