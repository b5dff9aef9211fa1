"""Cells that cannot inject: every export to Excel or CSV writes its values through here.

A spreadsheet program treats a cell whose text starts with ``=``, ``+``, ``-`` or ``@``
(or a tab or carriage return before one) as a formula: a party's name, a failed login's
user name or a browser string typed by an attacker would run in the exporting official's
Excel or WPS (OWASP "CSV injection"). ``neutralise`` puts an apostrophe in front of such a
text, which the programs show as text and never evaluate. Numbers, dates and ``None`` pass
unchanged, so a fine of -0 or a count stays a number.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: Any) -> Any:
    """The value, or the text with an apostrophe in front if a program would evaluate it."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The text as written before ``neutralise``: an exported workbook imports unchanged."""
    if text.startswith("'") and text[1:].lstrip(" ").startswith(FORMULA_STARTS):
        return text[1:]
    return text


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [neutralise(value) for value in values]


def safe_mapping(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: neutralise(value) for key, value in row.items()}


class SafeWriter:
    """``csv.writer`` whose every field is neutralised."""

    def __init__(self, stream: Any, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, values: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(values))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for values in rows:
            self.writerow(values)


class SafeDictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose every field is neutralised."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow(safe_mapping(rowdict))

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for rowdict in rowdicts:
            self.writerow(rowdict)
