"""Bulk import of historic cases (历史案件) from an Excel workbook (.xlsx).

One sheet (the first), the column names in row 1, one case per row with one party. Each row
is checked here (types, dates, names, codes, identifiers) and recorded through
``cases.historic.record_historic_case`` inside one transaction, each row in its own savepoint
so that one row's error does not hide the next. A dry run, or any problem, rolls the whole
transaction back: the dry run reports every problem the real run would meet, and the real run
writes all rows or none. Decisions (处罚种类, 罚款金额) are not imported: a historic case carries
its decision date only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from sanxiang.agencies.choices import PowerCategory
from sanxiang.agencies.models import Agency, Credential, PowerItem, User
from sanxiang.api.imports import (
    LIST_SEPARATORS,
    Problem,
    Row,
    _date,
    _service_problems,
    _text,
    read_rows,
)
from sanxiang.cases import historic, rulebook
from sanxiang.cases.choices import CaseSource, PartyKind, Procedure
from sanxiang.cases.services import PartyData
from sanxiang.core.identifiers import normalise_resident_id, normalise_uscc
from sanxiang.core.rulebook import refusal
from sanxiang.ledger import services as ledger

# The file format: column name in the workbook → field (not translated: the names are the format).
COLUMNS = {
    "案号": "number",
    "案由": "title",
    "权责事项编码": "power_item",
    "类别": "category",
    "程序": "procedure",
    "案件来源": "source",
    "立案日期": "filed_on",
    "决定日期": "decided_on",
    "结案日期": "closed_on",
    "归档日期": "archived_on",
    "违法行为发生日期": "violation_on",  # optional; without it the case is flagged (第三十六条)
    "当事人名称": "party_name",
    "当事人类型": "party_kind",
    "证件号码": "party_identifier",
    "法定代表人": "legal_representative",
    "当事人住址": "address",
    "联系电话": "phone",
    "承办人执法证号": "officers",
}
REQUIRED = ("number", "title", "power_item", "procedure", "filed_on", "closed_on",
            "party_name", "party_kind", "party_identifier", "officers")  # fmt: skip
# Field names of the cases services → the workbook's fields (for the services' errors).
SERVICE_FIELDS = {"party_name": "party_name", "party_id_number": "party_identifier",
                  "party_uscc": "party_identifier", "power_item": "power_item",
                  "lead": "officers", "name": "party_name"}  # fmt: skip
PROCEDURES = {"简易程序": Procedure.SUMMARY, "简易": Procedure.SUMMARY,
              "普通程序": Procedure.GENERAL, "普通": Procedure.GENERAL,
              "一般程序": Procedure.GENERAL, "听证程序": Procedure.HEARING,
              "听证": Procedure.HEARING}  # fmt: skip
PARTY_KINDS = {"自然人": PartyKind.NATURAL_PERSON, "个人": PartyKind.NATURAL_PERSON,
               "法人": PartyKind.LEGAL_PERSON, "法人或其他组织": PartyKind.LEGAL_PERSON,
               "其他组织": PartyKind.OTHER_ORGANISATION,
               "个体工商户": PartyKind.OTHER_ORGANISATION}  # fmt: skip
SOURCES = {"巡查发现": CaseSource.PATROL, "投诉举报": CaseSource.COMPLAINT,
           "移送": CaseSource.REFERRAL, "上级交办": CaseSource.ASSIGNED,
           "其他": CaseSource.OTHER}  # fmt: skip


def _categories() -> dict[str, str]:
    names = {}
    for choice in PowerCategory:
        with translation.override("zh-hans"):
            names[str(choice.label)] = str(choice.value)
        names[str(choice.value)] = str(choice.value)
    return names


@dataclass
class HistoricImportResult:
    dry_run: bool
    rows: int = 0
    cases_created: int = 0
    problems: list[Problem] = field(default_factory=list)
    ledger_entry: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _choice(row: Row, key: str, names: dict[str, Any], message: str) -> Any:
    text = _text(row, key)
    if text and text not in names:
        row.problem(key, message)
        return None
    return names.get(text)


def _optional_date(row: Row, key: str) -> dt.date | None:
    return None if row.values.get(key) in (None, "") else _date(row, key)


def _number(row: Row) -> str:
    text = _text(row, "number")
    if text:
        try:
            historic.parse_number(text)
        except ValidationError as exc:
            row.problem("number", " ".join(exc.messages))
    return text


def _identifier(row: Row, kind: str | None) -> tuple[str, str]:
    """The party's ID number (natural person) or USCC (organisation), checked."""
    value = row.values.get("party_identifier")
    if isinstance(value, int | float) and not isinstance(value, bool):
        row.problem(
            "party_identifier",
            _("Format the ID number cells as text: as a number Excel loses the last digits."),
        )
        return "", ""
    text = _text(row, "party_identifier")
    if not text or kind is None:
        return "", ""
    try:
        if kind == PartyKind.NATURAL_PERSON:
            return normalise_resident_id(text), ""
        return "", normalise_uscc(text)
    except ValidationError as exc:
        row.problem("party_identifier", " ".join(exc.messages))
        return "", ""


def _officers(row: Row, agency: Agency) -> list[Any]:
    value = row.values.get("officers")
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else None
    numbers = [n for n in LIST_SEPARATORS.split(text or _text(row, "officers")) if n]
    found = {
        c.number: c.officer
        for c in Credential.objects.filter(number__in=numbers, officer__agency=agency)
        .select_related("officer")
    }  # fmt: skip
    unknown = [n for n in numbers if n not in found]
    if unknown:
        row.problem(
            "officers",
            _("No officer of this agency holds the credential %(numbers)s.")
            % {"numbers": "、".join(unknown)},
        )
    elif len({found[n].pk for n in numbers}) < historic.MIN_OFFICERS:
        row.problem(
            "officers",
            str(refusal(rulebook.TWO_OFFICERS, _("Choose at least two officers."))),
        )
    return [found[n] for n in numbers if n in found]


def check_row(row: Row, *, agency: Agency, items: dict[str, PowerItem],
              seen: dict[str, int]) -> historic.HistoricCase | None:  # fmt: skip
    for key in REQUIRED:
        if row.values.get(key) in (None, ""):
            row.problem(key, _("This value is required."))
    if row.problems:
        return None
    number = _number(row)
    if number in seen:
        row.problem("number", _("The same case number is on row %(row)d.") % {"row": seen[number]})
    seen.setdefault(number, row.number)
    code = _text(row, "power_item")
    item = items.get(code)
    if code and item is None:
        row.problem("power_item", _("This agency has no power item with this code."))
    category = _choice(row, "category", _categories(), _("Unknown category."))
    if item is not None and category is not None and category != item.category:
        row.problem("category", _("The power item is of another category."))
    procedure = _choice(row, "procedure", PROCEDURES, _("Write 简易程序, 普通程序 or 听证程序."))
    source = _choice(row, "source", SOURCES, _("Write 巡查发现, 投诉举报, 移送, 上级交办 or 其他."))
    kind = _choice(row, "party_kind", PARTY_KINDS, _("Write 自然人, 法人 or 其他组织."))
    id_number, uscc = _identifier(row, kind)
    dates = {key: _optional_date(row, key)
             for key in ("filed_on", "decided_on", "closed_on", "archived_on",
                         "violation_on")}  # fmt: skip
    officers = _officers(row, agency)
    party = PartyData(
        kind=kind or "", name=_text(row, "party_name"), id_number=id_number, uscc=uscc,
        legal_representative=_text(row, "legal_representative"), address=_text(row, "address"),
        phone=_text(row, "phone"),
    )  # fmt: skip
    if row.problems or item is None:
        return None
    data = historic.HistoricCase(
        number=number, power_item=item, procedure=procedure, title=_text(row, "title"),
        filed_on=dates["filed_on"], closed_on=dates["closed_on"],  # type: ignore[arg-type]
        decided_on=dates["decided_on"], archived_on=dates["archived_on"],
        officers=officers, parties=[party], source=source or CaseSource.OTHER,
        violation_on=dates["violation_on"],
    )  # fmt: skip
    return data


class _Rollback(Exception):
    pass


def _record(*, actor: User, agency: Agency, data: historic.HistoricCase, row: Row) -> Any:
    try:
        with transaction.atomic():
            return historic.record_historic_case(actor=actor, agency=agency, data=data)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            exc = ValidationError(
                {SERVICE_FIELDS.get(key, key): value for key, value in exc.error_dict.items()}
            )
        _service_problems(row, exc)
        return None


def import_historic_cases(
    *, actor: User, agency: Agency, data: bytes, file_name: str, dry_run: bool
) -> HistoricImportResult:
    """Check (dry run) or import a workbook of historic cases, all or nothing.

    Raises ``PermissionDenied`` if ``actor`` may not migrate the agency's records and
    ``ImportFileError`` if the file as a whole cannot be read; row problems are returned.
    """
    if not historic.can_import_historic_cases(actor, agency):
        raise PermissionDenied(_("You do not have permission to do this."))
    rows, header_problems = read_rows(data, COLUMNS, REQUIRED)
    result = HistoricImportResult(dry_run=dry_run, rows=len(rows), problems=list(header_problems))
    if header_problems:
        return result
    items = {item.code: item for item in PowerItem.objects.filter(agency=agency)}
    seen: dict[str, int] = {}
    numbers: list[str] = []
    try:
        with transaction.atomic(durable=True):
            for row in rows:
                case_data = check_row(row, agency=agency, items=items, seen=seen)
                if case_data is not None:
                    case = _record(actor=actor, agency=agency, data=case_data, row=row)
                    if case is not None:
                        numbers.append(case.number)
                result.problems.extend(row.problems)
            if result.problems or dry_run:
                raise _Rollback
            entry = ledger.append(
                kind="api.historic_cases_imported", actor=actor, subject=f"agency:{agency.code}",
                payload={
                    "agency": agency.code, "file_name": file_name[:200],
                    "file_sha256": hashlib.sha256(data).hexdigest(), "rows": len(rows),
                    "cases": numbers,
                },
            )  # fmt: skip
            result.ledger_entry = entry.seq
            result.cases_created = len(numbers)
    except _Rollback:
        pass
    return result
