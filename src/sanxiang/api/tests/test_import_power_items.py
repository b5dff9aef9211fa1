"""Bulk import of the power list through the API: the workbench's own Excel layout and checks
(agencies.excel), a dry run listing every problem by sheet, row and column, the real run all
or nothing, and the import itself in the ledger."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sanxiang.agencies import excel
from sanxiang.agencies.models import PowerItem, PowerItemVersion
from sanxiang.agencies.tests.factories import DomainFactory
from sanxiang.agencies.tests.test_excel import _book, _row
from sanxiang.api.tests.conftest import client_with
from sanxiang.ledger.models import Entry

URL = "/api/v1/imports/power-items/"
RULES = [("CF-0002", "从轻处罚", "首次发现，及时改正", 50, 200, ""),
         ("CF-0002", "从重处罚", "拒不改正", 200, 500, "")]  # fmt: skip


@pytest.fixture(autouse=True)
def _domain(db):
    DomainFactory()


def post(key, data, *, dry_run, name="权责清单.xlsx", **options):
    fields = {"file": SimpleUploadedFile(name, data), "dry_run": "true" if dry_run else "false"}
    return client_with(key).post(URL, {**fields, **options})


GOOD = {"reason": "年度调整", "effective_on": "2026-03-02", "approver": "主任办公会"}


def test_a_dry_run_plans_and_writes_nothing_then_the_real_run_records_all(wanxin_writer_key):
    data = _book([_row(), _row(code="CF-0003", name="对占道经营的处罚")], RULES).getvalue()
    before = Entry.objects.count()
    dry = post(wanxin_writer_key, data, dry_run=True, **GOOD)
    assert dry.status_code == 200, dry.json()
    assert dry.json() | {"problems": []} == {
        "dry_run": True, "ok": True, "rows": 2, "changes": 2, "recorded": 0,
        "ledger_entry": None, "problems": [],
    }  # fmt: skip
    assert not PowerItem.objects.exists() and Entry.objects.count() == before
    done = post(wanxin_writer_key, data, dry_run=False, **GOOD)
    assert done.status_code == 201, done.json()
    assert done.json()["recorded"] == 2
    item = PowerItem.objects.get(code="CF-0002")
    version = PowerItemVersion.objects.get(item=item)
    assert (version.reason, version.effective_on, version.approver) == (
        "年度调整", dt.date(2026, 3, 2), "主任办公会",
    )  # fmt: skip
    assert version.discretion_rules.count() == 2
    entry = Entry.objects.get(seq=done.json()["ledger_entry"])
    assert entry.kind == "api.power_items_imported"
    assert entry.payload["changes"] == [["CF-0002", "establish"], ["CF-0003", "establish"]]
    # The versions themselves were recorded by the power services, each in the ledger too.
    assert Entry.objects.filter(seq=version.ledger_seq).exists()


def test_every_bad_row_is_listed_with_sheet_row_and_column_and_nothing_is_written(
    wanxin_writer_key,
):
    rows = [
        _row(),
        _row(code="CF-0003", category="行政打击"),  # no such category
        _row(code="CF-0004", domain="宇宙管理"),  # no such domain
        _row(code="CF-0005", date="明年三月"),  # not a date
        _row(code="CF-0002"),  # the same code twice
    ]
    data = _book(rows).getvalue()
    dry = post(wanxin_writer_key, data, dry_run=True, **GOOD)
    assert dry.status_code == 200 and dry.json()["ok"] is False
    where = {(p["row"], p["column"].split(" ")[-1]) for p in dry.json()["problems"]}
    assert {(3, "事项类别"), (4, "执法领域"), (5, "生效日期"), (6, "事项编码")} <= where
    assert all(p["column"].startswith(excel.ITEM_SHEET) for p in dry.json()["problems"])
    real = post(wanxin_writer_key, data, dry_run=False, **GOOD)
    assert real.status_code == 400
    assert real.json()["error"]["code"] == "import_rejected"
    assert real.json()["error"]["problems"] == dry.json()["problems"]
    assert not PowerItem.objects.exists()
    assert not Entry.objects.filter(kind="api.power_items_imported").exists()


def test_missing_defaults_are_problems_of_each_row(wanxin_writer_key):
    dry = post(wanxin_writer_key, _book([_row()]).getvalue(), dry_run=True)
    columns = {p["column"].split(" ")[-1] for p in dry.json()["problems"]}
    assert {"调整理由", "生效日期", "批准机关"} <= columns


def test_wrong_columns_are_reported_before_any_row(wanxin_writer_key):
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = excel.ITEM_SHEET
    book.active.append(["编号", "名字"])
    book.active.append(["CF-1", "某事项"])
    out = BytesIO()
    book.save(out)
    response = post(wanxin_writer_key, out.getvalue(), dry_run=True, **GOOD)
    assert response.status_code == 200 and not response.json()["ok"]
    assert response.json()["problems"][0]["row"] == 1


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("事项编码,事项名称\nCF-1,对乱倒垃圾的处罚\n".encode("gbk"), "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old-style .xls"),
        (b"PK\x03\x04 not really a zip", "not an Excel workbook"),
    ],
    ids=["csv-in-gbk", "xls", "damaged"],
)
def test_files_that_are_not_workbooks_are_refused_clearly(wanxin_writer_key, data, words):
    response = client_with(wanxin_writer_key).post(
        URL, {"file": SimpleUploadedFile("清单.xlsx", data), "dry_run": "true"},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] in ("invalid_file",) and words in error["message_en"]
    assert error["message"] != error["message_en"]  # and in Chinese


def test_a_sheet_with_the_wrong_name_is_a_problem_not_a_crash(wanxin_writer_key):
    from io import BytesIO

    from openpyxl import Workbook

    out = BytesIO()
    Workbook().save(out)
    response = post(wanxin_writer_key, out.getvalue(), dry_run=True, **GOOD)
    assert response.status_code == 200 and "权责清单" in response.json()["problems"][0]["message"]


def test_wrong_types_in_the_options_are_400(wanxin_writer_key):
    data = _book([_row()]).getvalue()
    response = post(wanxin_writer_key, data, dry_run=True, effective_on="not-a-date")
    assert response.status_code == 400
    assert "effective_on" in response.json()["error"]["fields"]


def test_tokens_without_an_account_may_not_import(wanxin_key, supervisor_key, public_key):
    data = _book([_row()]).getvalue()
    assert post(None, data, dry_run=True).status_code == 401
    assert post(public_key, data, dry_run=True).status_code == 403
    assert post(wanxin_key, data, dry_run=True).status_code == 403
    assert post(supervisor_key, data, dry_run=True).status_code == 403


def test_an_account_that_may_not_manage_the_list_is_refused(superuser, wanxin, officer):
    from sanxiang.api.choices import TokenScope
    from sanxiang.api.tests.conftest import issue

    key = issue(superuser, scope=TokenScope.AGENCY, agency=wanxin, user=officer)
    response = post(key, _book([_row()]).getvalue(), dry_run=True, **GOOD)
    assert response.status_code == 403 and not PowerItem.objects.exists()
