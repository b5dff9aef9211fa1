"""Bounded reading of uploaded Office files (.xlsx, .docx): checked before any parser sees them.

An Office file is a zip of XML parts, and a small one can ask a parser for unbounded work: a
284 KB workbook of two million empty rows, a 4.7 KB sheet whose one row is numbered
5,000,000 (openpyxl fills every row before it), a declared size of A1:XFD1048576, a part
that unpacks a thousand times over, an XML entity that expands a billion times. ``inspect``
reads only the zip directory and streams the sheet parts through a few byte patterns, so a
bomb is refused in a fraction of a second with a message that says what to fix, and an
honest file passes whatever its size within the limits. The limits are settings
(``OFFICE_FILE_LIMITS``); the defaults let a 20,000-row list of people through with room.

openpyxl parses through defusedxml when it is installed (it is a dependency), and no part
with a document type declaration reaches any parser: Office never writes one.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

CHUNK = 1 << 20
SMALL_PART = 1 << 20  # parts below this may compress well without meaning anything
_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
ROW_TAG = re.compile(_PREFIX + rb"row[\s/>]")
ROW_NUMBER = re.compile(_PREFIX + rb"row\s[^>]*?\br=\"(\d+)\"")
CELL_COLUMN = re.compile(_PREFIX + rb"c\s[^>]*?\br=\"([A-Za-z]+)\d")
DIMENSION = re.compile(
    _PREFIX + rb"dimension\s[^>]*?\bref=\"([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?\""
)
SHARED_STRING = re.compile(_PREFIX + rb"si[\s>]")
CELL_STYLE = re.compile(_PREFIX + rb"xf[\s/>]")
DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class FileRefused(ValueError):
    """The file is refused before parsing; ``message`` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    max_unpacked_mb: int = 200
    max_ratio: int = 200
    max_parts: int = 1000
    max_rows: int = 100_000
    max_columns: int = 1000
    max_shared_strings: int = 1_000_000
    max_styles: int = 64_000

    @classmethod
    def configured(cls) -> Limits:
        return cls(**getattr(settings, "OFFICE_FILE_LIMITS", {}))


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def inspect(data: IO[bytes], *, kind: str = "workbook", limits: Limits | None = None) -> None:
    """Raise ``FileRefused`` unless the Office file stays within the limits; reads it once.

    ``kind`` is ``"workbook"`` (sheets, shared strings and styles are counted as well) or
    ``"document"``. The stream is left at its start.
    """
    limits = limits or Limits.configured()
    try:
        with zipfile.ZipFile(data) as archive:
            members = archive.infolist()
            _check_directory(members, limits)
            for member in members:
                _check_part(archive, member, kind, limits)
    except FileRefused:
        raise
    except Exception as error:  # zipfile and zlib raise many kinds on a damaged file
        raise FileRefused(_("The file could not be read; it may be damaged. Save it again "
                            "from Excel, Word or WPS.")) from error  # fmt: skip
    finally:
        data.seek(0)


def _check_directory(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(members) > limits.max_parts:
        raise FileRefused(_("The file has too many parts (%(count)s; at most %(max)s).")
                          % {"count": len(members), "max": limits.max_parts})  # fmt: skip
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.max_unpacked_mb * 1024 * 1024:
        raise FileRefused(
            _("The file unpacks to %(size)s MB, more than the %(max)s MB allowed: split it.")
            % {"size": unpacked // (1024 * 1024), "max": limits.max_unpacked_mb}
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > SMALL_PART and ratio > limits.max_ratio:
            raise FileRefused(
                _("A part of the file (%(part)s) unpacks %(ratio)s times over: it looks like "
                  "a decompression bomb and is refused. Save the file again from Excel, Word "
                  "or WPS.") % {"part": member.filename, "ratio": int(ratio)}
            )  # fmt: skip


def _chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's bytes in pieces that never cut a tag (each ends before a ``<``)."""
    carry = b""
    with archive.open(member) as part:
        while block := part.read(CHUNK):
            buffer = carry + block
            cut = buffer.rfind(b"<")
            if cut <= 0 or len(buffer) - cut > 64 * 1024:
                cut = len(buffer)
            yield buffer[:cut]
            carry = buffer[cut:]
    if carry:
        yield carry


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels", ".vml"))


def _check_part(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, kind: str, limits: Limits
) -> None:
    name = member.filename
    if not _is_xml(name):
        return
    sheet = kind == "workbook" and name.startswith("xl/worksheets/") and name.count("/") == 2
    counter = _SheetCounter(name, limits) if sheet else None
    strings = styles = 0
    for chunk in _chunks(archive, member):
        if DECLARATION.search(chunk):
            raise FileRefused(
                _("The file contains an XML document type declaration (%(part)s), which "
                  "Office never writes: it is refused.") % {"part": name}
            )  # fmt: skip
        if counter is not None:
            counter.feed(chunk)
        elif kind == "workbook" and name == "xl/sharedStrings.xml":
            strings += len(SHARED_STRING.findall(chunk))
            if strings > limits.max_shared_strings:
                raise FileRefused(_("The workbook holds more than %(max)s different texts: "
                                    "split it.") % {"max": limits.max_shared_strings})  # fmt: skip
        elif kind == "workbook" and name == "xl/styles.xml":
            styles += len(CELL_STYLE.findall(chunk))
            if styles > limits.max_styles:
                raise FileRefused(_("The workbook has more than %(max)s cell formats: clear "
                                    "the formatting and save it again.")
                                  % {"max": limits.max_styles})  # fmt: skip


class _SheetCounter:
    """Counts a sheet's rows and finds its highest row number and column as it streams."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.sheet = name.rsplit("/", 1)[-1].removesuffix(".xml")
        self.limits = limits
        self.rows = 0
        self.seen_dimension = False

    def _too_big(self) -> FileRefused:
        return FileRefused(
            _("The sheet “%(sheet)s” is larger than allowed (at most %(rows)s rows and "
              "%(columns)s columns). Delete the empty rows and columns at its end, or split "
              "it, and save it again.")
            % {"sheet": self.sheet, "rows": self.limits.max_rows,
               "columns": self.limits.max_columns}
        )  # fmt: skip

    def feed(self, chunk: bytes) -> None:
        if not self.seen_dimension:
            found = DIMENSION.search(chunk)
            if found:
                self.seen_dimension = True
                last_column, last_row = (
                    found.group(3) or found.group(1),
                    found.group(4) or found.group(2),
                )
                self._check(int(last_row), column_number(last_column))
        self.rows += len(ROW_TAG.findall(chunk))
        highest = max((int(n) for n in ROW_NUMBER.findall(chunk)), default=0)
        widest = max((column_number(c) for c in set(CELL_COLUMN.findall(chunk))), default=0)
        self._check(max(self.rows, highest), widest)

    def _check(self, rows: int, columns: int) -> None:
        if rows > self.limits.max_rows or columns > self.limits.max_columns:
            raise self._too_big()
