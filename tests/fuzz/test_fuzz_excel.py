"""Fuzzing the Excel imports (the power list, the bulk imports of people and of historic cases): random and
damaged workbooks, wrong types, formulas, huge cells and bytes that are no workbook at all
give problems in Chinese and write nothing."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from fuzzing import FUZZ, resident_ids
from hypothesis import given
from hypothesis import strategies as st

from sanxiang.agencies import excel
from sanxiang.agencies.models import Officer, PowerItem
from sanxiang.agencies.tests.factories import DepartmentFactory, DomainFactory
from sanxiang.api import historic
from sanxiang.api.imports import COLUMNS, ImportFileError, import_people
from sanxiang.cases.models import Case, Party
from sanxiang.ledger.models import Entry

CJK = re.compile(r"[\u4e00-\u9fff]")
# Text Excel can hold (openpyxl refuses the C0 control characters other than tab and newline).
CELL_TEXT = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters=[chr(c) for c in range(32)]),
    max_size=30,
)
CELL = st.one_of(
    st.none(),
    CELL_TEXT,
    st.sampled_from(
        [
            "行政处罚",
            "城市管理",
            "立",
            "改",
            "废",
            "释",
            "一般",
            "从重",
            "2026-03-01",
            "=1/0",
            '=HYPERLINK("http://x")',
            "=A1&A1",
            "'; DROP TABLE x; --",
            "<script>alert(1)</script>",
            "１２３",
            "CF-0001",
        ]
    ),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1)),
    st.just("长" * 40000),  # beyond Excel's 32,767 characters a cell
    resident_ids(),
)
ROWS = st.lists(st.lists(CELL, max_size=16), max_size=6)


def _book(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _damaged(data: bytes, cuts: list[tuple[int, int]]) -> bytes:
    damaged = bytearray(data)
    for position, value in cuts:
        damaged[position % len(damaged)] = value
    return bytes(damaged)


VALID_POWER_BOOK = _book({
    excel.ITEM_SHEET: [[t for _, t in excel.ITEM_COLUMNS],
                       [1, "CF-0001", "对乱倒垃圾的处罚", "行政处罚", "城市管理", "《条例》第三十四条",
                        "执法大队", "立案", "九十日", "复议", "", "", None, ""]],
    excel.RULE_SHEET: [[t for _, t in excel.RULE_COLUMNS], ["CF-0001", "一般", "初次", 100, 500, ""]],
})  # fmt: skip
POWER_BOOKS = st.one_of(
    st.binary(max_size=600),
    st.sampled_from([b"", b"PK\x03\x04", "事项编码,事项名称\nCF,罚".encode("gbk"),
                     b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), b"<html><body>x</body></html>"]),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8).map(
        lambda cuts: _damaged(VALID_POWER_BOOK, cuts)
    ),
    st.integers(10, len(VALID_POWER_BOOK)).map(lambda n: VALID_POWER_BOOK[:n]),
    ROWS.map(lambda rows: _book({excel.ITEM_SHEET: [[t for _, t in excel.ITEM_COLUMNS], *rows],
                                 excel.RULE_SHEET: [[t for _, t in excel.RULE_COLUMNS], *rows]})),
    ROWS.map(lambda rows: _book({excel.ITEM_SHEET: rows})),
    ROWS.map(lambda rows: _book({"Sheet1": rows})),
)  # fmt: skip


@pytest.fixture
def catalogue(wanxin):
    DomainFactory()
    DepartmentFactory(agency=wanxin, name="综合执法大队")
    return wanxin


def _chinese(message: str) -> bool:
    return bool(CJK.search(str(message)))


@FUZZ
@given(data=POWER_BOOKS)
def test_any_file_as_power_list_gives_chinese_problems_and_writes_nothing(
    catalogue, agency_admin, data
):
    before = (PowerItem.objects.count(), Entry.objects.count())
    with translation.override("zh-hans"):
        plan = excel.read_workbook(
            io.BytesIO(data), agency=catalogue, reason="年度调整", effective_on=dt.date(2026, 3, 2),
            approver="主任办公会",
        )  # fmt: skip
        assert (PowerItem.objects.count(), Entry.objects.count()) == before
        assert all(_chinese(problem.message) for problem in plan.problems)
        if plan.problems:
            with pytest.raises(ValidationError):
                excel.apply_plan(actor=agency_admin, agency=catalogue, plan=plan)
            assert (PowerItem.objects.count(), Entry.objects.count()) == before


PEOPLE_HEADER = list(COLUMNS)
PEOPLE_BOOKS = st.one_of(
    st.binary(max_size=600),
    st.sampled_from([b"", "姓名,身份证号\n张三,1\n".encode("gbk"), "姓名\t身份证号\n".encode("utf-16"),
                     b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)]),
    ROWS.map(lambda rows: _book({"人员": [PEOPLE_HEADER, *rows]})),
    st.lists(st.lists(st.one_of(CELL, st.sampled_from(PEOPLE_HEADER)), max_size=12), max_size=5)
    .map(lambda rows: _book({"人员": rows})),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8).map(
        lambda cuts: _damaged(_book({"人员": [PEOPLE_HEADER, ["张三", "x"]]}), cuts)
    ),
)  # fmt: skip


@FUZZ
@given(data=PEOPLE_BOOKS, dry_run=st.booleans())
def test_any_file_as_people_import_gives_chinese_problems_and_writes_nothing(
    catalogue, agency_admin, data, dry_run
):
    before = (Officer.objects.count(), Entry.objects.count())
    with translation.override("zh-hans"):
        try:
            result = import_people(
                actor=agency_admin, agency=catalogue, data=data, file_name="人员.xlsx",
                dry_run=dry_run,
            )  # fmt: skip
        except ImportFileError as error:
            assert _chinese(str(error))
            assert (Officer.objects.count(), Entry.objects.count()) == before
            return
    assert all(_chinese(problem.message) for problem in result.problems)
    if not result.ok or dry_run:
        assert (Officer.objects.count(), Entry.objects.count()) == before


CASE_HEADER = list(historic.COLUMNS)
CASE_BOOKS = st.one_of(
    st.binary(max_size=600),
    st.sampled_from([b"", "案号,案由\n东丽万新罚〔2023〕1号,占道\n".encode("gbk"),
                     b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)]),
    ROWS.map(lambda rows: _book({"历史案件": [CASE_HEADER, *rows]})),
    st.lists(st.lists(st.one_of(CELL, st.sampled_from(CASE_HEADER)), max_size=18), max_size=5)
    .map(lambda rows: _book({"历史案件": rows})),
)  # fmt: skip


@FUZZ
@given(data=CASE_BOOKS, dry_run=st.booleans())
def test_any_file_as_historic_cases_gives_chinese_problems_and_writes_nothing(
    catalogue, agency_admin, data, dry_run
):
    before = (Case.objects.count(), Party.objects.count(), Entry.objects.count())
    with translation.override("zh-hans"):
        try:
            result = historic.import_historic_cases(
                actor=agency_admin, agency=catalogue, data=data, file_name="历史案件.xlsx",
                dry_run=dry_run,
            )  # fmt: skip
        except ImportFileError as error:
            assert _chinese(str(error))
            assert (Case.objects.count(), Party.objects.count(), Entry.objects.count()) == before
            return
    assert all(_chinese(problem.message) for problem in result.problems)
    if not result.ok or dry_run:
        assert (Case.objects.count(), Party.objects.count(), Entry.objects.count()) == before
