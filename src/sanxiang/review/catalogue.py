"""Import of a review catalogue from the superior's Excel list, checked row by row.

A dry run reports every row and every problem and writes nothing; a real import writes a new
version only when every row is good (all or nothing).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from sanxiang.agencies.choices import PowerCategory
from sanxiang.cases.choices import Procedure
from sanxiang.core import officefiles

# Column headings of the template (the superior's list, as agencies exchange it).
COLUMNS = {
    "name": "审核事项",
    "category": "执法类别",
    "power_item_code": "权责清单编码",
    "procedure": "程序",
    "min_amount": "涉案金额起点（元）",
    "conditions": "审核条件",
    "legal_basis": "依据",
}
MAX_ROWS = 2000


@dataclass
class Row:
    number: int
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)


@dataclass
class Parsed:
    rows: list[Row]
    errors: list[str]
    sha256: str

    @property
    def ok(self) -> bool:
        return not self.errors and all(not r.errors for r in self.rows)


def _by_label(choices: Any) -> dict[str, str]:
    return {str(label): value for value, label in choices} | {v: v for v, _l in choices}


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _row(number: int, raw: dict[str, str]) -> Row:
    row = Row(number, {})
    row.values["name"] = raw.get("name", "")
    if not row.values["name"]:
        row.errors.append(_("The matter's name is empty."))
    for key, choices in (("category", PowerCategory.choices), ("procedure", Procedure.choices)):
        text = raw.get(key, "")
        value = _by_label(choices).get(text) if text else ""
        if value is None:
            row.errors.append(_("Unknown %(col)s: %(v)s.") % {"col": COLUMNS[key], "v": text})
        row.values[key] = value or ""
    row.values["power_item_code"] = raw.get("power_item_code", "")
    amount = raw.get("min_amount", "").replace(",", "")
    try:
        row.values["min_amount"] = Decimal(amount) if amount else None
    except InvalidOperation:
        row.values["min_amount"] = None
        row.errors.append(_("The amount is not a number: %(v)s.") % {"v": amount})
    if row.values["min_amount"] is not None and row.values["min_amount"] < 0:
        row.errors.append(_("The amount cannot be negative."))
    row.values["conditions"] = raw.get("conditions", "")
    row.values["legal_basis"] = raw.get("legal_basis", "")
    keys = ("category", "power_item_code", "procedure", "min_amount")
    if not any(row.values[k] for k in keys) and not row.errors:
        row.errors.append(_("A matter needs at least one condition a case can be matched on "
                                "(category, power item, procedure or amount)."))  # fmt: skip
    return row


def parse(data: bytes) -> Parsed:
    """Read the workbook's first sheet: a heading row, then one matter per row."""
    sha = hashlib.sha256(data).hexdigest()
    try:
        officefiles.inspect(io.BytesIO(data), kind="workbook")
    except officefiles.FileRefused as refused:
        return Parsed([], [refused.message], sha)
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return Parsed([], [_("The file is not an Excel workbook (.xlsx).")], sha)
    lines = sheet.iter_rows(values_only=True)
    heading = [_cell(v) for v in next(lines, ())]
    index = {key: heading.index(title) for key, title in COLUMNS.items() if title in heading}
    if "name" not in index:
        return Parsed([], [_("The first row must hold the headings, including %(h)s.")
                           % {"h": COLUMNS["name"]}], sha)  # fmt: skip
    rows = []
    for number, line in enumerate(lines, start=2):
        cells = [_cell(v) for v in line]
        if not any(cells):
            continue
        raw = {key: cells[i] if i < len(cells) else "" for key, i in index.items()}
        rows.append(_row(number, raw))
        if len(rows) > MAX_ROWS:
            return Parsed(rows, [_("Too many rows.")], sha)
    if not rows:
        return Parsed([], [_("The workbook has no matters.")], sha)
    return Parsed(rows, [], sha)


def template_workbook() -> bytes:
    """An empty template with the headings and one example row."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "审核事项清单"
    sheet.append(list(COLUMNS.values()))
    sheet.append(
        [
            "一般程序行政处罚决定",
            "行政处罚",
            "",
            "普通程序",
            "",
            "",
            "《中华人民共和国行政处罚法》第五十八条",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
