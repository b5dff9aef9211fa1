"""The report as rows to show: one shape for the page, Word, Excel and PDF."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sanxiang.supervision.annual.items import PENALTY_ROWS, TABLES, Basis, Item, Unit
from sanxiang.supervision.models import AnnualReport


@dataclass(frozen=True)
class Row:
    item: Item
    value: Decimal | int | None  # None: not recorded and not entered
    manual_note: str  # set when the figure was entered by hand

    @property
    def label(self) -> str | Promise:
        return self.item.label

    @property
    def shown(self) -> str:
        if self.value is None:
            return _("Not recorded")
        if self.item.unit == Unit.PERCENT:
            return f"{self.value}%"
        if self.item.unit == Unit.WAN:
            return f"{Decimal(self.value):,.2f}"
        return f"{self.value:,}"

    @property
    def unit(self) -> str:
        units = {
            Unit.WAN: _("10,000 yuan"),
            Unit.PERCENT: "%",
            Unit.PEOPLE: pgettext("unit", "people"),
        }
        return units.get(self.item.unit, _("cases"))

    @property
    def source(self) -> str:
        if self.manual_note:
            return _("Entered by hand: %(note)s") % {"note": self.manual_note}
        if self.value is None:
            return str(Basis.NONE.label)
        return str(self.item.note or Basis(self.item.basis).label)


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    rows: list[Row]


def _value(raw: Any, unit: str) -> Decimal | int | None:
    if raw is None or raw == "":
        return None
    return int(Decimal(raw)) if unit in (Unit.COUNT, Unit.PEOPLE) else Decimal(raw)


def sections(report: AnnualReport) -> list[Section]:
    out = []
    for table in TABLES:
        rows = []
        for item in table.items:
            manual = report.manual.get(item.key)
            raw = manual["value"] if manual else report.figures.get(item.key)
            rows.append(Row(item, _value(raw, item.unit), manual["note"] if manual else ""))
        out.append(Section(table.key, table.title, rows))
    return out


def penalty_chart_data(report: AnnualReport) -> tuple[list[str], list[int]]:
    """Penalty cases by type (the rows with cases only), for the report's chart."""
    pairs = [
        (str(label), int(report.figures.get(f"penalty.{key}") or 0))
        for key, _types, label in PENALTY_ROWS
    ]
    pairs = [(label, n) for label, n in pairs if n]
    return [p[0] for p in pairs], [p[1] for p in pairs]
