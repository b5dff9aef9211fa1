"""The power list as an Excel workbook, in the column layout agencies keep (权责清单台账).

Sheet "权责清单": one row per item; sheet "裁量基准": one row per discretion step, tied to its
item by the item code. ``read_workbook`` plans an import and lists every problem with its
sheet, row and column; ``apply_plan`` records it all or nothing; ``write_workbook`` exports
the current list in the same layout, so that an exported file imports with no changes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sanxiang.agencies.choices import CHANGE_MARK, ChangeKind, DiscretionLevel, PowerCategory
from sanxiang.agencies.models import Agency, EnforcementDomain, PowerItem, User
from sanxiang.agencies.powerlist import PowerContent, RuleContent, content_of, content_problems
from sanxiang.agencies.services import powers as services
from sanxiang.core.spreadsheets import restore, safe_row

ITEM_SHEET = "权责清单"
RULE_SHEET = "裁量基准"
ITEM_COLUMNS = [
    ("seq", "序号"), ("code", "事项编码"), ("name", "事项名称"), ("category", "事项类别"),
    ("domain", "执法领域"), ("legal_basis", "实施依据"), ("responsible_unit", "承办机构"),
    ("procedure", "办理流程"), ("time_limit", "办理时限"), ("remedy", "救济途径"),
    ("kind", "调整类型"), ("reason", "调整理由"), ("effective_on", "生效日期"),
    ("approver", "批准机关"),
]  # fmt: skip
RULE_COLUMNS = [
    ("code", "事项编码"), ("level", "裁量阶次"), ("circumstances", "违法情节"),
    ("fine_min", "罚款下限（元）"), ("fine_max", "罚款上限（元）"), ("other_penalty", "其他处罚"),
]  # fmt: skip
# The names agencies write, in Chinese whatever the page's language.
CATEGORY_NAMES = {
    PowerCategory.LICENSING: "行政许可", PowerCategory.PENALTY: "行政处罚",
    PowerCategory.COERCION: "行政强制", PowerCategory.INSPECTION: "行政检查",
    PowerCategory.EXPROPRIATION: "行政征收征用", PowerCategory.BENEFIT: "行政给付",
    PowerCategory.CONFIRMATION: "行政确认", PowerCategory.ADJUDICATION: "行政裁决",
    PowerCategory.REWARD: "行政奖励", PowerCategory.OTHER: "其他行政权力",
}  # fmt: skip
LEVEL_NAMES = {
    DiscretionLevel.NO_PENALTY: "不予处罚", DiscretionLevel.MITIGATED: "减轻处罚",
    DiscretionLevel.LIGHTER: "从轻处罚", DiscretionLevel.GENERAL: "一般处罚",
    DiscretionLevel.HEAVIER: "从重处罚",
}  # fmt: skip
KIND_BY_MARK = {mark: kind for kind, mark in CHANGE_MARK.items()}
# Where a content problem is reported: the column of the field it is about.
FIELD_COLUMN = {
    "code": "code", "name": "name", "category": "category", "domain_code": "domain",
    "legal_basis": "legal_basis", "responsible_unit": "responsible_unit", "discretion": "category",
    "reason": "reason", "effective_on": "effective_on", "approver": "approver",
}  # fmt: skip
MAX_ROWS = 5000


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str  # "B 事项编码"
    message: str


@dataclass
class PlannedRow:
    row: int
    code: str
    kind: ChangeKind | None  # None: unchanged, nothing to record
    content: PowerContent | None
    reason: str
    effective_on: dt.date | None
    approver: str
    item: PowerItem | None = None


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def changes(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.kind is not None]

    def problems_of(self, sheet: str, row: int) -> list[Problem]:
        return [p for p in self.problems if p.sheet == sheet and p.row == row]


def _column(columns: list[tuple[str, str]], key: str) -> str:
    index = [k for k, _ in columns].index(key)
    return f"{get_column_letter(index + 1)} {columns[index][1]}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return restore(str(value)).strip()


def _decimal(value: Any) -> Decimal | None:
    text = re.sub(r"[,，¥￥元\s]", "", _text(value))
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(_("Write an amount in yuan, e.g. 500 or 1000.50.")) from exc
    if not amount.is_finite():
        raise ValueError(_("Write an amount in yuan, e.g. 500 or 1000.50."))
    return amount.quantize(Decimal("0.01"))


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise ValueError(_("Write the date as 2026-03-01."))


def _rows(sheet: Any, columns: list[tuple[str, str]]) -> list[tuple[int, dict[str, Any]]]:
    out = []
    for number, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        values = list(cells)[: len(columns)]
        if all(_text(v) == "" for v in values):
            continue
        values += [None] * (len(columns) - len(values))
        out.append((number, {key: value for (key, _), value in zip(columns, values, strict=True)}))
    return out


def _check_header(sheet: Any, name: str, columns: list[tuple[str, str]], plan: ImportPlan) -> bool:
    header = [_text(c.value) for c in next(sheet.iter_rows(min_row=1, max_row=1), ())]
    for index, (_key, title) in enumerate(columns):
        if index >= len(header) or header[index] != title:
            letter = get_column_letter(index + 1)
            plan.problems.append(
                Problem(name, 1, f"{letter} {title}",
                        _("The heading of this column must be “%(title)s”; use the exported layout.")
                        % {"title": title})
            )  # fmt: skip
            return False
    return True


def _read_rules(sheet: Any, plan: ImportPlan) -> dict[str, list[RuleContent]]:
    rules: dict[str, list[RuleContent]] = {}
    levels = {name: level for level, name in LEVEL_NAMES.items()}
    levels.update({name.removesuffix("处罚"): level for level, name in LEVEL_NAMES.items()})
    for number, values in _rows(sheet, RULE_COLUMNS):

        def problem(key: str, message: str, number: int = number) -> None:
            plan.problems.append(Problem(RULE_SHEET, number, _column(RULE_COLUMNS, key), message))

        code = _text(values["code"])
        if not code:
            problem("code", _("Enter the code of the item this step belongs to."))
        level = levels.get(_text(values["level"]))
        if level is None:
            problem("level", _("Write one of 不予处罚, 减轻, 从轻, 一般, 从重."))
        fines: dict[str, Decimal | None] = {}
        for key in ("fine_min", "fine_max"):
            try:
                fines[key] = _decimal(values[key])
            except ValueError as error:
                problem(key, str(error))
                fines[key] = None
        low, high = fines["fine_min"], fines["fine_max"]
        if low is not None and high is not None and low > high:
            problem("fine_max", _("The highest fine is below the lowest fine."))
        if not _text(values["circumstances"]):
            problem("circumstances", _("Describe the circumstances."))
        if code and level is not None:
            rule = RuleContent(
                level, _text(values["circumstances"]), low, high, _text(values["other_penalty"])
            )
            rules.setdefault(code, []).append(rule)
    return rules


def read_workbook(
    stream: BinaryIO, *, agency: Agency, reason: str, effective_on: dt.date | None,
    approver: str,
) -> ImportPlan:  # fmt: skip
    """Plan an import: what each row would record, and every problem found. Writes nothing."""
    plan = ImportPlan()
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        plan.problems.append(Problem("", 0, "", _("This file is not an Excel workbook (.xlsx).")))
        return plan
    if ITEM_SHEET not in book.sheetnames:
        plan.problems.append(
            Problem(ITEM_SHEET, 0, "", _("The workbook has no sheet named “权责清单”."))
        )
        return plan
    items_sheet = book[ITEM_SHEET]
    if not _check_header(items_sheet, ITEM_SHEET, ITEM_COLUMNS, plan):
        return plan
    rules: dict[str, list[RuleContent]] = {}
    if RULE_SHEET in book.sheetnames and _check_header(
        book[RULE_SHEET], RULE_SHEET, RULE_COLUMNS, plan
    ):
        rules = _read_rules(book[RULE_SHEET], plan)
    rows = _rows(items_sheet, ITEM_COLUMNS)
    if len(rows) > MAX_ROWS:
        plan.problems.append(
            Problem(ITEM_SHEET, 0, "", _("At most %(n)s items at a time.") % {"n": MAX_ROWS})
        )
        return plan
    context = _Context(agency, reason, effective_on, approver)
    for number, values in rows:
        plan.rows.append(_plan_row(number, values, rules, context, plan))
    codes = [row.code for row in plan.rows]
    for row in plan.rows:
        if row.code and codes.count(row.code) > 1:
            plan.problems.append(
                Problem(ITEM_SHEET, row.row, _column(ITEM_COLUMNS, "code"),
                        _("This code appears on more than one row."))
            )  # fmt: skip
    known = set(codes) | set(PowerItem.objects.filter(agency=agency).values_list("code", flat=True))
    for code in sorted(set(rules) - known):
        plan.problems.append(
            Problem(RULE_SHEET, 0, _column(RULE_COLUMNS, "code"),
                    _("No item has the code %(code)s.") % {"code": code})
        )  # fmt: skip
    return plan


@dataclass
class _Context:
    agency: Agency
    reason: str
    effective_on: dt.date | None
    approver: str
    domains: dict[str, str] = field(default_factory=dict)  # name or code → code
    items: dict[str, PowerItem] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for domain in EnforcementDomain.objects.all():
            self.domains[domain.name] = self.domains[domain.code] = domain.code
        self.items = {
            item.code: item
            for item in PowerItem.objects.filter(agency=self.agency).select_related(
                "current_version__domain"
            )
        }


def _plan_row(
    number: int, values: dict[str, Any], rules: dict[str, list[RuleContent]], context: _Context,
    plan: ImportPlan,
) -> PlannedRow:  # fmt: skip
    def problem(key: str, message: str) -> None:
        plan.problems.append(Problem(ITEM_SHEET, number, _column(ITEM_COLUMNS, key), message))

    code = _text(values["code"])
    item = context.items.get(code)
    current = content_of(item.current_version) if item and item.current_version else None
    categories = {name: category for category, name in CATEGORY_NAMES.items()}
    category = categories.get(_text(values["category"]), _text(values["category"]) or "-")
    domain = context.domains.get(_text(values["domain"]), _text(values["domain"]) or "-")
    content = PowerContent(
        code=code, name=_text(values["name"]), category=category, domain_code=domain,
        legal_basis=_text(values["legal_basis"]),
        responsible_unit=_text(values["responsible_unit"]), procedure=_text(values["procedure"]),
        time_limit=_text(values["time_limit"]), remedy=_text(values["remedy"]),
        rules=tuple(rules[code]) if code in rules else (current.rules if current else ()),
    )  # fmt: skip
    mark = _text(values["kind"])
    kind = KIND_BY_MARK.get(mark) if mark else None
    if mark and kind is None:
        problem("kind", _("Write 立, 改, 废 or 释, or leave it empty."))
    if kind is None and not mark:
        if item is None or not item.is_active:
            kind = ChangeKind.ESTABLISH
        elif content != current:
            kind = ChangeKind.AMEND
    if kind == ChangeKind.ESTABLISH and item is not None and item.is_active:
        problem("kind", _("The list already has this item; write 改 to amend it."))
    if kind in (ChangeKind.AMEND, ChangeKind.ABOLISH, ChangeKind.INTERPRET) and (
        item is None or not item.is_active
    ):
        problem("code", _("No item in force has this code; write 立 to establish it."))
    if kind == ChangeKind.AMEND and content == current:
        problem("kind", _("Nothing on this row differs from the current item."))
    try:
        effective_on = _date(values["effective_on"]) or context.effective_on
    except ValueError as error:
        problem("effective_on", str(error))
        effective_on = context.effective_on
    reason = _text(values["reason"]) or context.reason
    approver = _text(values["approver"]) or context.approver
    if kind is not None:
        _check_row(content, kind, reason, effective_on, approver, context, problem)
    return PlannedRow(number, code, kind, content, reason, effective_on, approver, item)


def _check_row(
    content: PowerContent, kind: ChangeKind, reason: str, effective_on: dt.date | None,
    approver: str, context: _Context, problem: Any,
) -> None:  # fmt: skip
    if kind != ChangeKind.ABOLISH:
        for name, messages in content_problems(
            content, known_domains=set(context.domains.values())
        ).items():
            for message in messages:
                problem(FIELD_COLUMN.get(name, "code"), message)
    if not reason:
        problem("reason", _("Give the reason, on the row or for the whole import."))
    if not approver:
        problem("approver", _("Name who approved it, on the row or for the whole import."))
    if effective_on is None:
        problem("effective_on", _("Give the date it takes effect, on the row or for the import."))


def apply_plan(*, actor: User, agency: Agency, plan: ImportPlan) -> int:
    """Record every change of a plan without problems, all or nothing; the number recorded."""
    if plan.problems:
        raise ValidationError(_("Correct the problems listed first; nothing has been imported."))
    with transaction.atomic():
        for row in plan.changes:
            assert row.kind is not None and row.content is not None
            assert row.effective_on is not None
            common: dict[str, Any] = {
                "actor": actor, "reason": row.reason, "effective_on": row.effective_on,
                "approver": row.approver,
            }  # fmt: skip
            if row.kind == ChangeKind.ESTABLISH:
                services.establish_power_item(agency=agency, content=row.content, **common)
                continue
            assert row.item is not None
            content = None if row.kind == ChangeKind.ABOLISH else row.content
            services.adjust_power_item(item=row.item, kind=row.kind, content=content, **common)
    return len(plan.changes)


def write_workbook(*, agency: Agency) -> bytes:
    """The agency's current power list (items in force) in the import layout."""
    book = Workbook()
    items_sheet = book.active
    assert items_sheet is not None
    items_sheet.title = ITEM_SHEET
    rules_sheet = book.create_sheet(RULE_SHEET)
    items_sheet.append([title for _, title in ITEM_COLUMNS])
    rules_sheet.append([title for _, title in RULE_COLUMNS])
    items = (
        PowerItem.objects.filter(agency=agency, is_active=True, current_version__isnull=False)
        .select_related("current_version__domain")
        .prefetch_related("current_version__discretion_rules")
        .order_by("code")
    )
    for seq, item in enumerate(items, start=1):
        version = item.current_version
        assert version is not None
        items_sheet.append(safe_row([
            seq, version.code, version.name, CATEGORY_NAMES[PowerCategory(version.category)],
            version.domain.name, version.legal_basis, version.responsible_unit,
            version.procedure, version.time_limit, version.remedy, "", "", None, "",
        ]))  # fmt: skip
        for rule in version.discretion_rules.all():
            rules_sheet.append(safe_row([
                version.code, LEVEL_NAMES[DiscretionLevel(rule.level)], rule.circumstances,
                rule.fine_min, rule.fine_max, rule.other_penalty,
            ]))  # fmt: skip
    for sheet, widths in ((items_sheet, [6, 14, 36, 12, 12, 48, 20, 30, 20, 36, 10, 24, 12, 20]),
                          (rules_sheet, [14, 12, 40, 14, 14, 30])):  # fmt: skip
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
