"""The report as Word (python-docx), Excel (openpyxl) and PDF (WeasyPrint from HTML), each
with the tables, the general account and the chart of penalties by type."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sanxiang.core.spreadsheets import safe_row
from sanxiang.supervision import charts
from sanxiang.supervision.annual.presentation import penalty_chart_data, sections
from sanxiang.supervision.models import AnnualReport

CJK_FONT = "Noto Sans CJK SC"


def title_of(report: AnnualReport) -> str:
    return _("%(agency)s: enforcement statistics for %(year)s") % {
        "agency": report.agency.name,
        "year": report.year,
    }


def table_headers() -> list[str]:
    """The tables' column headers; the contexts keep them from other apps' "Item"/"Source"
    (审核项, 案件来源), which Django would otherwise pick."""
    return [pgettext("annual report", "Item"), pgettext("annual report", "Figure"),
            pgettext("annual report", "Unit"), pgettext("annual report", "Source")]  # fmt: skip


def chart(report: AnnualReport, fmt: str = "svg") -> bytes | None:
    labels, values = penalty_chart_data(report)
    if not values:
        return None
    return charts.bar_chart(
        labels, values, title=_("Penalty cases by type"), horizontal=True, fmt=fmt
    )


def to_docx(report: AnnualReport) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = CJK_FONT
    style.font.size = Pt(11)
    # platform-notes: Word takes Chinese glyphs from the eastAsia font, not the Latin one.
    style.element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
    document.add_heading(title_of(report), level=1)
    document.add_heading(_("Part one: data tables"), level=2)
    for section in sections(report):
        document.add_heading(str(section.title), level=3)
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, table_headers(), strict=True):
            cell.text = text
        for row in section.rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = str(row.label), row.shown
            cells[2].text, cells[3].text = row.unit, row.source
    png = chart(report, "png")
    if png:
        document.add_picture(io.BytesIO(png), width=Cm(15))
    document.add_heading(_("Part two: general account"), level=2)
    for paragraph in (report.narrative or _("Not written yet.")).split("\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_xlsx(report: AnnualReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

    workbook = Workbook()
    sheet: Worksheet = workbook.worksheets[0]
    sheet.title = str(report.year)
    sheet.append([title_of(report)])
    sheet["A1"].font = Font(bold=True, size=14)
    penalty_rows: tuple[int, int] = (0, 0)
    for section in sections(report):
        sheet.append([])
        sheet.append([str(section.title)])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        sheet.append(table_headers())
        first = sheet.max_row + 1
        for row in section.rows:
            value = (
                row.value
                if row.value is None
                else (row.value if isinstance(row.value, int) else float(row.value))
            )
            sheet.append(
                safe_row(
                    [
                        str(row.label),
                        value if value is not None else row.shown,
                        row.unit,
                        row.source,
                    ]
                )
            )
        if section.key == "penalty":
            penalty_rows = (first, first + 11)  # the twelve types, without the totals
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["D"].width = 60
    bar = BarChart()
    bar.type, bar.title, bar.legend = "bar", _("Penalty cases by type"), None
    bar.add_data(Reference(sheet, min_col=2, min_row=penalty_rows[0], max_row=penalty_rows[1]))
    bar.set_categories(
        Reference(sheet, min_col=1, min_row=penalty_rows[0], max_row=penalty_rows[1])
    )
    sheet.add_chart(bar, "F3")
    narrative = workbook.create_sheet(_("General account"))
    for paragraph in (report.narrative or _("Not written yet.")).split("\n"):
        narrative.append(safe_row([paragraph]))
    narrative.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_html(report: AnnualReport, *, for_pdf: bool = False) -> str:
    svg = chart(report)
    context = {
        "report": report, "title": title_of(report), "sections": sections(report),
        "chart": charts.svg_inline(svg) if svg else "", "for_pdf": for_pdf,
    }  # fmt: skip
    return render_to_string("supervision/report_print.html", context)


def to_pdf(report: AnnualReport) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(report, for_pdf=True)).write_pdf()
