"""Bulk import of officers and their credentials from an Excel workbook (.xlsx).

One sheet (the first), the column names in row 1, one officer per row, with an optional
credential. A row whose 身份证号 is already an officer of the agency (in the database or on an
earlier row) adds a credential to that officer.

Every row goes through the agencies services (``register_officer``, ``issue_credential``)
inside one transaction, each row in its own savepoint so that one row's error does not hide
the next. A dry run, or any problem, rolls the whole transaction back: the dry run reports
every problem the real run would meet, and the real run writes all rows or none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanxiang.agencies import excel
from sanxiang.agencies import permissions as agency_permissions
from sanxiang.agencies import services as agency_services
from sanxiang.agencies.choices import CredentialIssuer
from sanxiang.agencies.models import Agency, Department, EnforcementDomain, Officer, User
from sanxiang.api.constants import IMPORT_MAX_BYTES, IMPORT_MAX_ROWS
from sanxiang.core import officefiles
from sanxiang.core.identifiers import normalise_resident_id
from sanxiang.ledger import services as ledger

# The file format: column name in the workbook → field. The names are the format itself
# (like the 双公示 columns), so they are not translated.
COLUMNS = {
    "姓名": "name",
    "身份证号": "id_number",
    "部门": "department",
    "职务": "position",
    "执法领域": "domains",
    "证件编号": "number",
    "证件类别": "issuer",
    "发证机关": "issuing_authority",
    "有效期起": "valid_from",
    "有效期止": "valid_to",
}
FIELD_COLUMNS = {value: key for key, value in COLUMNS.items()}
REQUIRED = ("name", "id_number")
CREDENTIAL = ("number", "issuer", "issuing_authority", "valid_from", "valid_to")
TEXT = ("name", "department", "position", "issuing_authority")
DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
LIST_SEPARATORS = re.compile(r"[、,，;；\s]+")
UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ImportFileError(Exception):
    """The file as a whole cannot be imported (not a workbook, too large, empty)."""

    def __init__(self, message: Promise, params: dict[str, Any] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


@dataclass(frozen=True)
class Problem:
    row: int
    column: str | None
    message: str


@dataclass
class Row:
    number: int
    values: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=lambda: FIELD_COLUMNS)  # field → column

    def problem(self, key: str | None, message: str) -> None:
        column = self.columns.get(key) if key else None
        self.problems.append(Problem(self.number, column, message))

    @property
    def has_credential(self) -> bool:
        return any(self.values.get(key) not in (None, "") for key in CREDENTIAL)


@dataclass
class ImportResult:
    dry_run: bool
    rows: int = 0
    officers_created: int = 0
    credentials_issued: int = 0
    problems: list[Problem] = field(default_factory=list)
    ledger_entry: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


# --- reading the workbook ---------------------------------------------------------------


def check_workbook_file(data: bytes) -> None:
    """Refuse, with the reason, a file that cannot be an .xlsx workbook we may read."""
    if len(data) > IMPORT_MAX_BYTES:
        raise ImportFileError(
            gettext_lazy("The file is larger than 5 MB; split it into several files.")
        )
    if data.startswith(OLE_SIGNATURE):
        raise ImportFileError(
            gettext_lazy(
                "This is an old-style .xls file (or a password-protected workbook): open it in "
                "Excel or WPS and save it as an unprotected .xlsx workbook."
            )
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFileError(
            gettext_lazy(
                "This file is not an Excel workbook (.xlsx). A CSV or text file must be opened "
                "in Excel or WPS and saved as .xlsx."
            )
        )
    try:
        officefiles.inspect(io.BytesIO(data), kind="workbook")
    except officefiles.FileRefused as refused:
        raise ImportFileError(refused.message) from refused  # type: ignore[arg-type]


def _open_sheet(data: bytes) -> Any:
    from openpyxl import load_workbook

    check_workbook_file(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        return workbook.worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError(
            gettext_lazy(
                "The workbook could not be read; it may be damaged. Save it again as .xlsx."
            )
        ) from exc


def _headers(
    raw: Iterable[Any], columns: dict[str, str] = COLUMNS, required: Iterable[str] = REQUIRED
) -> tuple[list[str | None], list[Problem]]:
    headers: list[str | None] = []
    problems = []
    for cell in raw:
        name = str(cell).strip() if cell is not None else ""
        if not name:
            headers.append(None)
        elif name not in columns:
            problems.append(Problem(1, name, _("Unknown column: use the template's columns.")))
            headers.append(None)
        elif columns[name] in headers:
            problems.append(Problem(1, name, _("This column appears twice.")))
            headers.append(None)
        else:
            headers.append(columns[name])
    field_columns = {value: key for key, value in columns.items()}
    for key in required:
        if key not in headers:
            problems.append(Problem(1, field_columns[key], _("This column is required.")))
    return headers, problems


def read_rows(
    data: bytes, columns: dict[str, str] = COLUMNS, required: Iterable[str] = REQUIRED
) -> tuple[list[Row], list[Problem]]:
    """The workbook's data rows with their values as found, and any problems of its header
    (``columns``: column name → field; ``required``: the fields that must have a column)."""
    sheet = _open_sheet(data)
    lines = sheet.iter_rows(values_only=True, max_col=len(columns) + 20)
    header = next(lines, None)
    if header is None:
        raise ImportFileError(
            gettext_lazy("The first sheet is empty: row 1 must hold the column names.")
        )
    headers, problems = _headers(header, columns, required)
    field_columns = {value: key for key, value in columns.items()}
    rows: list[Row] = []
    for number, line in enumerate(lines, start=2):
        if all(value in (None, "") for value in line):
            continue
        if len(rows) == IMPORT_MAX_ROWS:
            raise ImportFileError(
                gettext_lazy("The file has more than %(max)d rows; split it into several files."),
                {"max": IMPORT_MAX_ROWS},
            )
        values = {key: value for key, value in zip(headers, line, strict=False) if key}
        rows.append(Row(number, values, columns=field_columns))
    if not rows and not problems:
        raise ImportFileError(gettext_lazy("The file has column names but no rows to import."))
    return rows, problems


# --- checking one row's values ----------------------------------------------------------


def _text(row: Row, key: str) -> str:
    value = row.values.get(key)
    if value is None:
        return ""
    if isinstance(value, bool | float | dt.date):
        row.problem(key, _("Enter text here."))
        return ""
    text = str(value).strip()
    if UNREADABLE.search(text):
        row.problem(key, _("Contains characters that cannot be read: check the file's encoding."))
        return ""
    return text


def _id_number(row: Row) -> str:
    value = row.values.get("id_number")
    if isinstance(value, int | float) and not isinstance(value, bool):
        row.problem(
            "id_number",
            _("Format the ID number cells as text: as a number Excel loses the last digits."),
        )
        return ""
    text = _text(row, "id_number")
    if not text:
        return ""
    try:
        return normalise_resident_id(text)
    except ValidationError as exc:
        row.problem("id_number", " ".join(exc.messages))
        return ""


def _date(row: Row, key: str) -> dt.date | None:
    value = row.values.get(key)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = DATE_PATTERN.match(str(value).strip()) if isinstance(value, str) else None
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    row.problem(key, _("Enter a date, e.g. 2025-03-01."))
    return None


def _credential_number(row: Row) -> str:
    value = row.values.get("number")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        row.problem("number", _("Format the credential number cells as text."))
        return ""
    return _text(row, "number")


def _issuer(row: Row) -> str:
    text = _text(row, "issuer")
    for choice in CredentialIssuer:
        with translation.override("zh-hans"):
            chinese = str(choice.label)
        if text in (choice.value, chinese, str(choice.label)) or (
            len(text) >= 4 and chinese.startswith(text)
        ):
            return str(choice.value)
    if text:
        row.problem("issuer", _("Write 天津市人民政府 or 国家部委."))
    return ""


def _domains(row: Row, known: dict[str, EnforcementDomain]) -> list[EnforcementDomain]:
    names = [part for part in LIST_SEPARATORS.split(_text(row, "domains")) if part]
    unknown = [name for name in names if name not in known]
    if unknown:
        row.problem(
            "domains",
            _("Unknown enforcement domain: %(names)s.") % {"names": "、".join(unknown)},
        )
    return [known[name] for name in names if name in known]


@dataclass
class Person:
    """One row's values, checked and converted."""

    name: str
    id_number: str
    position: str
    department: Department | None
    domains: list[EnforcementDomain]
    credential: dict[str, Any] | None


def _credential(row: Row) -> dict[str, Any] | None:
    if not row.has_credential:
        return None
    readers = {
        "number": _credential_number,
        "issuer": _issuer,
        "issuing_authority": lambda r: _text(r, "issuing_authority"),
        "valid_from": lambda r: _date(r, "valid_from"),
        "valid_to": lambda r: _date(r, "valid_to"),
    }
    fields = {}
    for key in CREDENTIAL:
        if row.values.get(key) in (None, ""):
            row.problem(key, _("A credential needs all five credential columns."))
        else:
            fields[key] = readers[key](row)
    return fields


def check_row(row: Row, *, departments: dict[str, Department],
              domains: dict[str, EnforcementDomain]) -> Person | None:  # fmt: skip
    name = _text(row, "name")
    if not name and not any(p.column == FIELD_COLUMNS["name"] for p in row.problems):
        row.problem("name", _("The name is required."))
    id_number = _id_number(row)
    if not id_number and row.values.get("id_number") in (None, ""):
        row.problem("id_number", _("The ID number is required."))
    department_name = _text(row, "department")
    department = departments.get(department_name) if department_name else None
    if department_name and department is None:
        row.problem("department", _("This agency has no department of that name."))
    person = Person(
        name=name, id_number=id_number, position=_text(row, "position"),
        department=department, domains=_domains(row, domains), credential=_credential(row),
    )  # fmt: skip
    return None if row.problems else person


# --- running the import -----------------------------------------------------------------


class _Rollback(Exception):
    pass


def _service_problems(row: Row, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for key, messages in exc.message_dict.items():
            for message in messages:
                row.problem(None if key == NON_FIELD_ERRORS else key, message)
    else:
        for message in exc.messages:
            row.problem(None, message)


def _officer(*, actor: User, agency: Agency, person: Person, row: Row) -> tuple[Officer, bool]:
    existing = Officer.objects.filter(agency=agency, id_number=person.id_number).first()
    if existing is None:
        officer = agency_services.register_officer(
            actor=actor, agency=agency, name=person.name, id_number=person.id_number,
            department=person.department, position=person.position, domains=person.domains,
        )  # fmt: skip
        return officer, True
    if existing.name != person.name:
        raise ValidationError(
            {"name": _("This ID number is registered to %(name)s.") % {"name": existing.name}}
        )
    return existing, False


def _run_row(*, actor: User, agency: Agency, person: Person, row: Row,
             result: ImportResult, created: dict[str, Any]) -> None:  # fmt: skip
    try:
        with transaction.atomic():
            officer, new = _officer(actor=actor, agency=agency, person=person, row=row)
            if person.credential is not None:
                credential = agency_services.issue_credential(
                    actor=actor, officer=officer, domains=person.domains, **person.credential
                )
                created["credentials"].append(credential.number)
    except ValidationError as exc:
        _service_problems(row, exc)
        return
    if new:
        created["officers"].append(officer.pk)
    result.officers_created += int(new)
    result.credentials_issued += int(person.credential is not None)


def import_people(
    *, actor: User, agency: Agency, data: bytes, file_name: str, dry_run: bool
) -> ImportResult:
    """Check (dry run) or import a workbook of officers and credentials, all or nothing.

    Raises ``PermissionDenied`` if ``actor`` may not manage the agency's people and
    ``ImportFileError`` if the file as a whole cannot be read; row problems are returned.
    """
    if not agency_permissions.can_manage_people(actor, agency):
        raise PermissionDenied(_("You do not have permission to do this."))
    rows, header_problems = read_rows(data)
    result = ImportResult(dry_run=dry_run, rows=len(rows), problems=list(header_problems))
    if header_problems:  # rows read under wrong columns would only add noise
        return result
    departments = {d.name: d for d in Department.objects.filter(agency=agency)}
    domains = {d.name: d for d in EnforcementDomain.objects.all()}
    domains.update({d.code: d for d in domains.values()})
    created: dict[str, Any] = {"officers": [], "credentials": []}
    try:
        with transaction.atomic(durable=True):
            for row in rows:
                person = check_row(row, departments=departments, domains=domains)
                if person is not None:
                    _run_row(actor=actor, agency=agency, person=person, row=row,
                             result=result, created=created)  # fmt: skip
                result.problems.extend(row.problems)
            if result.problems or dry_run:
                raise _Rollback
            entry = ledger.append(
                kind="api.people_imported", actor=actor, subject=f"agency:{agency.code}",
                payload={
                    "agency": agency.code, "file_name": file_name[:200],
                    "file_sha256": hashlib.sha256(data).hexdigest(), "rows": len(rows),
                    "officers": created["officers"], "credentials": created["credentials"],
                },
            )  # fmt: skip
            result.ledger_entry = entry.seq
    except _Rollback:
        if not dry_run:
            result.officers_created = result.credentials_issued = 0
    return result


# --- power items (权责清单), through the power list's own Excel import ------------------


@dataclass
class PowerImportResult:
    dry_run: bool
    rows: int = 0
    changes: int = 0
    recorded: int = 0
    problems: list[Problem] = field(default_factory=list)
    ledger_entry: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def import_power_items(
    *, actor: User, agency: Agency, data: bytes, file_name: str, dry_run: bool, reason: str = "",
    effective_on: dt.date | None = None, approver: str = "",
) -> PowerImportResult:  # fmt: skip
    """Check (dry run) or record a power-list workbook, all or nothing, with the import in the
    ledger. The workbook's layout, its checks and the recording are the workbench's own
    (``agencies.excel``: sheets 权责清单 and 裁量基准, 立改废释 through the power services);
    ``reason``, ``effective_on`` and ``approver`` apply to rows that leave them empty.

    Raises ``PermissionDenied`` if ``actor`` may not manage the agency's power list and
    ``ImportFileError`` if the file as a whole cannot be read; row problems are returned.
    """
    if not agency_permissions.can_manage_power_list(actor, agency):
        raise PermissionDenied(_("You do not have permission to do this."))
    check_workbook_file(data)
    plan = excel.read_workbook(
        io.BytesIO(data), agency=agency, reason=reason.strip(), effective_on=effective_on,
        approver=approver.strip(),
    )  # fmt: skip
    result = PowerImportResult(dry_run=dry_run, rows=len(plan.rows), changes=len(plan.changes))
    for problem in plan.problems:
        where = f"{problem.sheet} {problem.column}".strip() if problem.sheet else None
        result.problems.append(Problem(problem.row, where or None, problem.message))
    if dry_run or result.problems:
        return result
    with transaction.atomic(durable=True):
        result.recorded = excel.apply_plan(actor=actor, agency=agency, plan=plan)
        entry = ledger.append(
            kind="api.power_items_imported", actor=actor, subject=f"agency:{agency.code}",
            payload={
                "agency": agency.code, "file_name": file_name[:200],
                "file_sha256": hashlib.sha256(data).hexdigest(), "rows": len(plan.rows),
                "changes": [[row.code, str(row.kind)] for row in plan.changes],
            },
        )  # fmt: skip
        result.ledger_entry = entry.seq
    return result
