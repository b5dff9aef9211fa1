"""Excel import and export of the power list: problems by row and column, all or nothing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from sanxiang.agencies import excel, services
from sanxiang.agencies.choices import ChangeKind
from sanxiang.agencies.models import PowerItem
from sanxiang.agencies.tests.factories import DomainFactory, power_content

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def urban(db):
    return DomainFactory()


def _book(items, rules=()):
    book = Workbook()
    sheet = book.active
    sheet.title = excel.ITEM_SHEET
    sheet.append([title for _, title in excel.ITEM_COLUMNS])
    for row in items:
        sheet.append(row)
    rule_sheet = book.create_sheet(excel.RULE_SHEET)
    rule_sheet.append([title for _, title in excel.RULE_COLUMNS])
    for row in rules:
        rule_sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def _row(
    code="CF-0002", name="对乱倒垃圾的处罚", basis="《城市市容和环境卫生管理条例》第三十四条", **kw
):
    values = {
        "category": "行政处罚", "domain": "城市管理", "unit": "综合行政执法大队", "kind": "",
        "date": None,
    } | kw  # fmt: skip
    return [1, code, name, values["category"], values["domain"], basis, values["unit"],
            "立案、调查、决定", "九十日", "复议或诉讼", values["kind"], "", values["date"], ""]  # fmt: skip


def _plan(stream, wanxin):
    return excel.read_workbook(
        stream, agency=wanxin, reason="年度调整", effective_on=DAY, approver="主任办公会"
    )


def test_a_clean_workbook_establishes_every_item_with_its_discretion_rules(
    agency_admin, wanxin, urban
):
    stream = _book(
        [
            _row(),
            _row(
                "XK-0001",
                "城市道路临时占用许可",
                "《城市道路管理条例》第三十一条",
                category="行政许可",
            ),
        ],
        [
            ["CF-0002", "从轻", "初次，已清理", 50, "100", ""],
            ["CF-0002", "从重处罚", "拒不清理", 100, 200, ""],
        ],
    )
    plan = _plan(stream, wanxin)
    assert plan.problems == []
    assert [(r.code, r.kind) for r in plan.rows] == [
        ("CF-0002", ChangeKind.ESTABLISH), ("XK-0001", ChangeKind.ESTABLISH),
    ]  # fmt: skip
    assert excel.apply_plan(actor=agency_admin, agency=wanxin, plan=plan) == 2
    item = PowerItem.objects.get(agency=wanxin, code="CF-0002")
    rules = item.current_version.discretion_rules.all()
    assert [(r.fine_min, r.fine_max) for r in rules] == [
        (Decimal("50.00"), Decimal("100.00")), (Decimal("100.00"), Decimal("200.00")),
    ]  # fmt: skip


def test_each_problem_names_its_sheet_row_and_column_and_nothing_is_imported(
    agency_admin, wanxin, urban
):
    stream = _book(
        [
            _row(),
            _row("CF-0003", basis="《条例》"),
            _row("CF-0004", domain="天文"),
            _row("CF-0005", date="明天"),
            _row("CF-0006", kind="删"),
        ],
        [["CF-0002", "很重", "情节", 10, 5, ""], ["CF-9999", "一般", "情节", "五百", "", ""]],
    )
    plan = _plan(stream, wanxin)
    found = {(p.sheet, p.row, p.column) for p in plan.problems}
    assert ("权责清单", 3, "F 实施依据") in found
    assert ("权责清单", 4, "E 执法领域") in found
    assert ("权责清单", 5, "M 生效日期") in found
    assert ("权责清单", 6, "K 调整类型") in found
    assert ("裁量基准", 2, "B 裁量阶次") in found
    assert ("裁量基准", 2, "E 罚款上限（元）") in found
    assert ("裁量基准", 3, "D 罚款下限（元）") in found
    assert ("裁量基准", 0, "A 事项编码") in found  # CF-9999 names no item
    assert not plan.problems_of("权责清单", 2)  # the good row has none of its own
    with pytest.raises(ValidationError):
        excel.apply_plan(actor=agency_admin, agency=wanxin, plan=plan)
    assert not PowerItem.objects.exists()


def test_a_failure_halfway_rolls_back_the_rows_before_it(agency_admin, wanxin, urban):
    plan = _plan(_book([_row(), _row("CF-0003")]), wanxin)
    assert plan.problems == []
    plan.rows[1].content = power_content(code="CF-0003", legal_basis="无依据")  # changed behind it
    with pytest.raises(ValidationError):
        excel.apply_plan(actor=agency_admin, agency=wanxin, plan=plan)
    assert not PowerItem.objects.exists()


def test_an_exported_list_imports_with_no_changes_and_an_edit_becomes_an_amendment(
    agency_admin, wanxin, urban
):
    services.establish_power_item(
        actor=agency_admin, agency=wanxin, content=power_content(), reason="设立",
        effective_on=DAY, approver="主任办公会",
    )  # fmt: skip
    data = excel.write_workbook(agency=wanxin)
    plan = _plan(io.BytesIO(data), wanxin)
    assert plan.problems == [] and plan.changes == []
    book = load_workbook(io.BytesIO(data))
    book[excel.ITEM_SHEET]["I2"] = "立案之日起六十日内"
    book[excel.RULE_SHEET]["E3"] = 600
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    plan = _plan(out, wanxin)
    assert [(r.code, r.kind) for r in plan.changes] == [("CF-0001", ChangeKind.AMEND)]
    excel.apply_plan(actor=agency_admin, agency=wanxin, plan=plan)
    item = PowerItem.objects.get()
    assert item.current_version.number == 2
    assert item.current_version.time_limit == "立案之日起六十日内"
    assert item.current_version.discretion_rules.last().fine_max == Decimal("600.00")


def test_abolition_by_import_and_headings_and_files_that_are_not_workbooks(
    agency_admin, wanxin, urban
):
    services.establish_power_item(
        actor=agency_admin, agency=wanxin, content=power_content(), reason="设立",
        effective_on=DAY, approver="主任办公会",
    )  # fmt: skip
    plan = _plan(_book([_row("CF-0001", kind="废")]), wanxin)
    assert plan.problems == []
    excel.apply_plan(actor=agency_admin, agency=wanxin, plan=plan)
    assert not PowerItem.objects.get().is_active
    assert _plan(io.BytesIO(b"not a workbook"), wanxin).problems[0].row == 0
    book = Workbook()
    book.active.title = excel.ITEM_SHEET
    book.active.append(["编号", "名称"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    problems = _plan(out, wanxin).problems
    assert [(p.row, p.column) for p in problems] == [(1, "A 序号")]
