"""双公示 export: published penalty and licensing decisions in the national field layout.

Domain notes §1.1 (行政处罚) and §1.2 (行政许可): one row per decision, the standard column
codes (cf_xdr_mc …, xk_xdr_mc …) as headers, as CSV (UTF-8 with BOM, so Excel opens it),
Excel or JSON, incrementally since a date.

What is exported: only what the publicity app has *published* — a publication whose status
is "published" and whose decision is still in force — read from the snapshot publicity fixed
at publication (``Publication.fields``: the redacted text, the masked name, the 公示截止期).
Drafts, refusals, withdrawn publications and decisions revoked, changed or void are never
exported.

ID numbers: the notes mark 法定代表人证件号码 (cf_fr_sfzh / xk_fr_sfzh) and the natural
person's 证件号码 (cf_xdr_zjhm / xk_xdr_zjhm) "Internal only. Never published." The columns
stay in the layout (a gateway expects every column) and are always empty: nothing ever fills
them (``INTERNAL_COLUMNS``). The document *types* (证件类型) are not internal; a natural
person's is 身份证, the only identity a party record holds.

The checks real exchange gateways apply (domain-notes §1.1, jeecg ``ErrorMsg``) run on each
row: required fields, the party category's domain, the USCC's length and prefix by category
(92 for 个体工商户 and 自然人, 91 for 法人及非法人组织), dates as YYYY-MM-DD with the
decision date not in the future and the expiry not in the past (2099-12-31 = long-term),
amounts in 万元 with six decimals. A row that fails is not exported and not dropped silently
either: it is listed among the problems with its 文号, the column and the reason.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone, translation

from sanxiang.core.spreadsheets import SafeDictWriter, safe_row
from sanxiang.decisions.choices import DecisionStatus
from sanxiang.publicity import selectors as publicity_selectors
from sanxiang.publicity.choices import PartyCategory, PublicationStatus, PublicCategory
from sanxiang.publicity.models import Publication
from sanxiang.review.choices import PenaltyType

PENALTY = "penalty"
LICENSING = "licensing"
KINDS = (PENALTY, LICENSING)
FORMATS = ("csv", "xlsx", "json")
LONG_TERM = "2099-12-31"

# (column code, 中文 name, required: "Y" always / "C" conditional / "O" optional)
PENALTY_COLUMNS: list[tuple[str, str, str]] = [
    ("cf_xdr_mc", "行政相对人名称", "Y"),
    ("cf_xdr_lb", "行政相对人类别", "Y"),
    ("cf_xdr_shxym", "行政相对人代码_1(统一社会信用代码)", "C"),
    ("cf_xdr_gszc", "行政相对人代码_2(工商注册号)", "O"),
    ("cf_xdr_zzjg", "行政相对人代码_3(组织机构代码)", "O"),
    ("cf_xdr_swdj", "行政相对人代码_4(税务登记号)", "O"),
    ("cf_xdr_sydw", "行政相对人代码_5(事业单位证书号)", "O"),
    ("cf_xdr_shzz", "行政相对人代码_6(社会组织登记证号)", "O"),
    ("cf_frdb", "法定代表人", "C"),
    ("cf_fr_zjlx", "法定代表人证件类型", "C"),
    ("cf_fr_sfzh", "法定代表人证件号码", "C"),
    ("cf_xdr_zjlx", "证件类型", "C"),
    ("cf_xdr_zjhm", "证件号码", "C"),
    ("cf_wsh", "行政处罚决定书文号", "Y"),
    ("cf_wfxw", "违法行为类型", "Y"),
    ("cf_sy", "违法事实", "Y"),
    ("cf_yj", "处罚依据", "Y"),
    ("cf_cflb", "处罚类别", "Y"),
    ("cf_nr", "处罚内容", "Y"),
    ("cf_nr_fk", "罚款金额（万元）", "C"),
    ("cf_nr_wfff", "没收违法所得、没收非法财物的金额（万元）", "C"),
    ("cf_nr_zkdx", "暂扣或吊销证照名称及编号", "C"),
    ("cf_jdrq", "处罚决定日期", "Y"),
    ("cf_yxq", "处罚有效期", "Y"),
    ("cf_gsjzq", "公示截止期", "O"),
    ("cf_cfjg", "处罚机关", "Y"),
    ("cf_cfjgdm", "处罚机关统一社会信用代码", "Y"),
    ("cf_sjly", "数据来源单位", "Y"),
    ("cf_sjlydm", "数据来源单位统一社会信用代码", "Y"),
    ("bz", "备注", "O"),
]

LICENCE_COLUMNS: list[tuple[str, str, str]] = [
    ("xk_xdr_mc", "行政相对人名称", "Y"),
    ("xk_xdr_lb", "行政相对人类别", "Y"),
    ("xk_xdr_shxym", "行政相对人代码_1(统一社会信用代码)", "C"),
    ("xk_xdr_gszc", "行政相对人代码_2(工商注册号)", "O"),
    ("xk_xdr_zzjg", "行政相对人代码_3(组织机构代码)", "O"),
    ("xk_xdr_swdj", "行政相对人代码_4(税务登记号)", "O"),
    ("xk_xdr_sydw", "行政相对人代码_5(事业单位证书号)", "O"),
    ("xk_xdr_shzz", "行政相对人代码_6(社会组织登记证号)", "O"),
    ("xk_frdb", "法定代表人", "C"),
    ("xk_fr_zjlx", "法定代表人证件类型", "C"),
    ("xk_fr_sfzh", "法定代表人证件号码", "C"),
    ("xk_xdr_zjlx", "证件类型", "C"),
    ("xk_xdr_zjhm", "证件号码", "C"),
    ("xk_xkws", "行政许可决定文书名称", "O"),
    ("xk_wsh", "行政许可决定文书号", "Y"),
    ("xk_xklb", "许可类别", "O"),
    ("xk_xkzs", "许可证书名称", "O"),
    ("xk_xkbh", "许可编号", "O"),
    ("xk_nr", "许可内容", "Y"),
    ("xk_jdrq", "许可决定日期", "Y"),
    ("xk_yxqz", "有效期自", "Y"),
    ("xk_yxqzi", "有效期至", "Y"),
    ("xk_xkjg", "许可机关", "Y"),
    ("xk_xkjgdm", "许可机关统一社会信用代码", "Y"),
    ("xk_zt", "当前状态", "O"),
    ("xk_lydw", "数据来源单位", "Y"),
    ("xk_lydwdm", "数据来源单位统一社会信用代码", "Y"),
    ("bz", "备注", "O"),
]

# "Internal only. Never published." (domain-notes §1.1 rows 11 and 13; the same fields of
# §1.2). Always exported empty, whatever a snapshot holds.
INTERNAL_COLUMNS = frozenset({"cf_fr_sfzh", "cf_xdr_zjhm", "xk_fr_sfzh", "xk_xdr_zjhm"})

PARTY_CATEGORIES = {label for _value, label in PartyCategory.choices}
ORGANISATION = str(PartyCategory.ORGANISATION.label)
NATURAL_PERSON = str(PartyCategory.NATURAL_PERSON.label)
INDIVIDUAL_BUSINESS = str(PartyCategory.INDIVIDUAL_BUSINESS.label)
USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WAN = re.compile(r"^\d{1,12}\.\d{6}$")  # decimal(18,6)


def columns_of(kind: str) -> list[tuple[str, str, str]]:
    return LICENCE_COLUMNS if kind == LICENSING else PENALTY_COLUMNS


@dataclass(frozen=True)
class Problem:
    """Why one row fails a gateway check (domain-notes §1.1)."""

    number: str  # the decision's 文号
    column: str
    message: str


@dataclass
class Export:
    kind: str
    since: dt.date | None
    rows: list[dict[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejected: int = 0

    @property
    def columns(self) -> list[str]:
        return [code for code, _name, _req in columns_of(self.kind)]


@dataclass(frozen=True)
class Installation:
    """The principal of the management command: the whole installation, every agency."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    agency_id = None


# --- reading ----------------------------------------------------------------------------


def exportable(*, user: Any, kind: str, since: dt.date | None = None) -> QuerySet[Publication]:
    """Publications ``user`` may read that the publicity app has published and not withdrawn,
    of decisions still in force, published on or after ``since`` (local date)."""
    category = PublicCategory.LICENSING if kind == LICENSING else PublicCategory.PENALTY
    publications = publicity_selectors.publications_visible_to(user=user).filter(
        status=PublicationStatus.PUBLISHED,
        decision__status=DecisionStatus.IN_FORCE,
        category=category,
    )
    if since is not None:
        publications = publications.filter(published_at__date__gte=since)
    return publications.order_by("published_at", "pk")


def _penalty_labels(codes: str) -> str:
    """The snapshot holds penalty codes ("fine、warning"); the standard wants their names."""
    labels = []
    with translation.override("zh-hans"):
        for code in (c for c in codes.split("、") if c):
            labels.append(str(PenaltyType(code).label) if code in PenaltyType.values else code)
    return "、".join(labels)


def row_of(publication: Publication) -> dict[str, str]:
    """One publication's row in the national layout, from its published snapshot."""
    kind = LICENSING if publication.category == PublicCategory.LICENSING else PENALTY
    prefix = "xk" if kind == LICENSING else "cf"
    fields = publication.fields or {}
    row = {code: str(fields.get(code) or "") for code, _name, _req in columns_of(kind)}
    if row[f"{prefix}_xdr_lb"] == NATURAL_PERSON:
        row[f"{prefix}_xdr_zjlx"] = "身份证"
    if kind == PENALTY:
        row["cf_cflb"] = _penalty_labels(row["cf_cflb"])
        row["cf_yxq"] = row["cf_yxq"] or LONG_TERM
    else:
        row["xk_yxqz"] = row["xk_yxqz"] or row["xk_jdrq"]
        row["xk_yxqzi"] = row["xk_yxqzi"] or LONG_TERM
        row["xk_zt"] = row["xk_zt"] or "1"  # 有效: only decisions in force are exported
    for code in INTERNAL_COLUMNS & row.keys():
        row[code] = ""  # internal only, never published
    return row


# --- the gateway's checks ---------------------------------------------------------------


def check_row(row: dict[str, str], *, kind: str, today: dt.date) -> list[Problem]:
    """Every check a credit-platform gateway applies to a row; empty when the row passes."""
    p = "xk" if kind == LICENSING else "cf"
    number = row.get(f"{p}_wsh", "")
    problems: list[Problem] = []

    def fail(column: str, message: str) -> None:
        problems.append(Problem(number=number, column=column, message=message))

    for code, name, required in columns_of(kind):
        if required == "Y" and not row.get(code, "").strip():
            fail(code, f"{name}为必填项 / required")
    category = row.get(f"{p}_xdr_lb", "")
    if category and category not in PARTY_CATEGORIES:
        fail(f"{p}_xdr_lb", f"行政相对人类别应为{'/'.join(sorted(PARTY_CATEGORIES))} / unknown")
    uscc = row.get(f"{p}_xdr_shxym", "")
    if category in (ORGANISATION, INDIVIDUAL_BUSINESS) and not uscc:
        fail(f"{p}_xdr_shxym", "法人及非法人组织、个体工商户须填统一社会信用代码 / required")
    if uscc:
        if not USCC.match(uscc):
            fail(f"{p}_xdr_shxym", "统一社会信用代码应为18位 / must be 18 characters (GB 32100)")
        elif category in (NATURAL_PERSON, INDIVIDUAL_BUSINESS) and not uscc.startswith("92"):
            fail(f"{p}_xdr_shxym", "个体工商户、自然人的统一社会信用代码应以92开头 / must start 92")
        elif category == ORGANISATION and not uscc.startswith("91"):
            fail(f"{p}_xdr_shxym", "法人及非法人组织的统一社会信用代码应以91开头 / must start 91")
    if category == ORGANISATION and not row.get(f"{p}_frdb"):
        fail(f"{p}_frdb", "法人及非法人组织须填法定代表人 / required for organisations")
    if category == NATURAL_PERSON and not row.get(f"{p}_xdr_zjlx"):
        fail(f"{p}_xdr_zjlx", "自然人须填证件类型 / required for natural persons")
    agency_codes = ("cf_cfjgdm", "cf_sjlydm") if p == "cf" else ("xk_xkjgdm", "xk_lydwdm")
    for code in agency_codes:
        if row.get(code) and not USCC.match(row[code]):
            fail(code, "统一社会信用代码应为18位 / must be 18 characters (GB 32100)")
    issued = ("cf_jdrq",) if p == "cf" else ("xk_jdrq", "xk_yxqz")
    expiry = ("cf_yxq",) if p == "cf" else ("xk_yxqzi",)
    optional = ("cf_gsjzq",) if p == "cf" else ()
    for code in (*issued, *expiry, *optional):
        value = row.get(code, "")
        if not value:
            continue
        day = _date(value)
        if day is None:
            fail(code, "日期格式应为YYYY-MM-DD / date must be YYYY-MM-DD")
        elif code in issued and day > today:
            fail(code, "日期不能晚于今天 / must not be in the future")
        elif code in expiry and day < today:
            fail(code, "有效期不能早于今天 / must not be in the past")
    if p == "cf":
        for code in ("cf_nr_fk", "cf_nr_wfff"):
            if row.get(code) and not WAN.match(row[code]):
                fail(code, "金额以万元为单位，保留六位小数 / 万元 with six decimals")
        if "罚款" in row.get("cf_cflb", "") and not row.get("cf_nr_fk"):
            fail("cf_nr_fk", "处罚类别含罚款时须填罚款金额 / required with a fine")
    return problems


def _date(value: str) -> dt.date | None:
    if not DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def build(
    publications: Iterable[Publication], *, kind: str, since: dt.date | None = None,
    today: dt.date | None = None,
) -> Export:  # fmt: skip
    """Rows that pass the checks, and every problem of the rows that do not."""
    day = today or timezone.localdate()
    export = Export(kind=kind, since=since)
    for publication in publications:
        row = row_of(publication)
        problems = check_row(row, kind=kind, today=day)
        if problems:
            export.problems.extend(problems)
            export.rejected += 1
        else:
            export.rows.append(row)
    return export


def export_for(
    *, user: Any, kind: str = PENALTY, since: dt.date | None = None, today: dt.date | None = None
) -> Export:
    return build(exportable(user=user, kind=kind, since=since), kind=kind, since=since, today=today)


# --- rendering --------------------------------------------------------------------------


def to_csv(export: Export) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads the Chinese; codes as the header row."""
    buffer = io.StringIO()
    writer = SafeDictWriter(buffer, fieldnames=export.columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(export.rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_json_data(export: Export) -> dict[str, Any]:
    return {
        "kind": export.kind,
        "since": export.since.isoformat() if export.since else None,
        "columns": [
            {"code": code, "name": name, "required": req}
            for code, name, req in columns_of(export.kind)
        ],
        "records": export.rows,
        "rejected": export.rejected,
        "problems": [vars(p) for p in export.problems],
    }


def to_json(export: Export) -> bytes:
    return json.dumps(to_json_data(export), ensure_ascii=False, indent=1).encode()


def to_xlsx(export: Export) -> bytes:
    """Sheet 1: the records (codes in row 1, Chinese names in row 2); sheet 2: the problems."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "行政处罚" if export.kind == PENALTY else "行政许可"
    sheet.append(export.columns)
    sheet.append([name for _code, name, _req in columns_of(export.kind)])
    for row in export.rows:
        sheet.append(safe_row(row[code] for code in export.columns))  # text, never a formula
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.data_type = "s"
    problems = workbook.create_sheet("校验问题")
    problems.append(["文号 / number", "字段 / column", "问题 / problem"])
    for problem in export.problems:
        problems.append(safe_row([problem.number, problem.column, problem.message]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def render(export: Export, fmt: str) -> bytes:
    return {"csv": to_csv, "xlsx": to_xlsx, "json": to_json}[fmt](export)
