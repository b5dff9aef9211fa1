"""Generators of hostile Office files (issue 15): each small on disk, huge for a parser."""

from __future__ import annotations

import io
import zipfile

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    b"</Relationships>"
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b"</Relationships>"
)
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def workbook(sheet_body: bytes | list[bytes], *, dimension: str | None = None,
             extra: dict[str, bytes] | None = None) -> bytes:  # fmt: skip
    """A minimal .xlsx whose first sheet's ``<sheetData>`` holds ``sheet_body``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD)
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            for piece in [sheet_body] if isinstance(sheet_body, bytes) else sheet_body:
                sheet.write(piece)
            sheet.write(b"</sheetData></worksheet>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def empty_rows(count: int = 2_000_000) -> bytes:
    """Two million empty rows in a few tens of KB (the people-import bomb: 123 s of CPU)."""
    block = 100_000
    return workbook([b"<row/>" * min(block, count - start) for start in range(0, count, block)])


def far_row(number: int = 5_000_000) -> bytes:
    """One row numbered 5,000,000 (openpyxl fills all rows before it: 20 s)."""
    return workbook(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>'
                    % (number, number))  # fmt: skip


def huge_dimension() -> bytes:
    """A declared size of the whole sheet (openpyxl pads to it in read-only mode)."""
    return workbook(b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>',
                    dimension="A1:XFD1048576")  # fmt: skip


def far_column() -> bytes:
    """Rows whose one cell sits in the last column, XFD (16,384 cells a row)."""
    rows = b"".join(b'<row r="%d"><c r="XFD%d"/></row>' % (n, n) for n in range(1, 2001))
    return workbook(rows)


def billion_laughs() -> bytes:
    """Shared strings with an entity that expands 10⁹ times."""
    lol = [b'<!ENTITY lol0 "lol">'] + [
        b'<!ENTITY lol%d "%s">' % (n, b"".join(b"&lol%d;" % (n - 1) for _ in range(10)))
        for n in range(1, 10)
    ]
    strings = (b'<?xml version="1.0"?><!DOCTYPE sst [' + b"".join(lol) + b"]>"
               b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               b"<si><t>&lol9;</t></si></sst>")  # fmt: skip
    return workbook(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
                    extra={"xl/sharedStrings.xml": strings})  # fmt: skip


def zip_bomb(megabytes: int = 300) -> bytes:
    """A part of ``megabytes`` of zeros, about 1,000 times smaller packed."""
    out = io.BytesIO()
    block = b"\0" * (1 << 20)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("xl/media/image1.png", "w", force_zip64=True) as part:
            for _ in range(megabytes):
                part.write(block)
    return out.getvalue()


def many_strings(count: int) -> bytes:
    strings = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + b"<si><t>x</t></si>" * count + b"</sst>")  # fmt: skip
    return workbook(b"", extra={"xl/sharedStrings.xml": strings})


def many_parts(count: int) -> bytes:
    return workbook(b"", extra={f"customXml/item{n}.xml": b"<a/>" for n in range(count)})


def numbered_rows(count: int = 200_000) -> bytes:
    """Empty rows each with its number: packs only about 8 times, so the row count refuses it."""
    return workbook(b"".join(b'<row r="%d"/>' % n for n in range(1, count + 1)))
