"""A process killed mid-import leaves no half-imported rows, loses nothing committed before,
and leaves the ledger intact (issue 9 item 7): the power-list workbook and the bulk import of
officers and credentials."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from crashing import Child, ledger_report

from sanxiang.agencies import excel
from sanxiang.agencies.models import Credential, Officer, PowerItem
from sanxiang.agencies.tests.factories import DepartmentFactory, DomainFactory, make_resident_id
from sanxiang.api.imports import COLUMNS, import_people
from sanxiang.ledger.models import Entry

DAY = dt.date(2026, 3, 2)


def _power_book(codes: list[str]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = excel.ITEM_SHEET
    sheet.append([title for _, title in excel.ITEM_COLUMNS])
    for seq, code in enumerate(codes, start=1):
        sheet.append([seq, code, f"对{code}的处罚", "行政处罚", "城市管理",
                      "《城市市容和环境卫生管理条例》第三十四条", "综合行政执法大队",
                      "立案、调查、决定", "九十日", "复议或诉讼", "", "", None, ""])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


IMPORT_POWER_LIST = """
import datetime as dt
import io
from sanxiang.agencies import excel
from sanxiang.agencies.models import Agency, User

admin = User.objects.get(pk={admin})
agency = Agency.objects.get(pk={agency})


def run(path):
    with open(path, "rb") as handle:
        plan = excel.read_workbook(handle, agency=agency, reason="年度调整",
                                   effective_on=dt.date(2026, 3, 2), approver="主任办公会")
    assert not plan.problems, plan.problems
    return excel.apply_plan(actor=admin, agency=agency, plan=plan)


print("first import", run({first!r}), flush=True)
calls = []
# Three of the five items of the second workbook are recorded, with their ledger entries:
# then the kill, before the commit.
pause_after(excel.services, "establish_power_item",
            when=lambda *a, **k: calls.append(1) or len(calls) == 3)
run({second!r})
"""


@pytest.fixture
def catalogue(wanxin):
    DomainFactory()
    DepartmentFactory(agency=wanxin, name="综合执法大队")
    return wanxin


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_process_killed_mid_power_list_import_records_none_of_its_items(
    catalogue, agency_admin, tmp_path
):
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    first.write_bytes(_power_book(["CF-0001", "CF-0002"]))
    second.write_bytes(_power_book([f"CF-01{n:02d}" for n in range(5)]))
    entries_before = Entry.objects.count()

    output = Child(tmp_path).run_until(
        IMPORT_POWER_LIST.format(admin=agency_admin.pk, agency=catalogue.pk, first=str(first),
                                 second=str(second))
    )  # fmt: skip

    assert "first import 2" in output
    assert sorted(PowerItem.objects.values_list("code", flat=True)) == ["CF-0001", "CF-0002"]
    first_entries = Entry.objects.count() - entries_before
    assert first_entries >= 2
    assert ledger_report().ok
    # The whole second workbook imports again, from the start.
    plan = excel.read_workbook(
        io.BytesIO(second.read_bytes()), agency=catalogue, reason="年度调整", effective_on=DAY,
        approver="主任办公会",
    )  # fmt: skip
    assert not plan.problems and len(plan.changes) == 5
    assert excel.apply_plan(actor=agency_admin, agency=catalogue, plan=plan) == 5
    assert PowerItem.objects.count() == 7
    assert ledger_report().ok


IMPORT_PEOPLE = """
from sanxiang.agencies.models import Agency, User
from sanxiang.api import imports

admin = User.objects.get(pk={admin})
agency = Agency.objects.get(pk={agency})


def run(path):
    with open(path, "rb") as handle:
        data = handle.read()
    result = imports.import_people(actor=admin, agency=agency, data=data, file_name="人员.xlsx",
                                   dry_run=False)
    assert result.ok, result.problems
    return result.officers_created


print("first import", run({first!r}), flush=True)
# Every officer and credential of the second workbook written, the ledger entry appended:
# then the kill, before the commit.
pause_after(imports.ledger, "append")
run({second!r})
"""


def _people_book(first_number: int, count: int) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for n in range(first_number, first_number + count):
        sheet.append([f"队员{n}", make_resident_id(n), "综合执法大队", "队员", "城市管理",
                      f"TJ2025{n:06d}", "天津市人民政府", "天津市人民政府", dt.date(2025, 1, 1),
                      dt.date(2029, 12, 31)])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_process_killed_mid_people_import_adds_none_of_its_officers(
    catalogue, agency_admin, tmp_path
):
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    first.write_bytes(_people_book(601, 2))
    second.write_bytes(_people_book(701, 4))
    officers_before = Officer.objects.count()

    output = Child(tmp_path).run_until(
        IMPORT_PEOPLE.format(admin=agency_admin.pk, agency=catalogue.pk, first=str(first),
                             second=str(second))
    )  # fmt: skip

    assert "first import 2" in output
    assert Officer.objects.count() == officers_before + 2
    assert Credential.objects.filter(number__startswith="TJ20250007").count() == 0
    assert Credential.objects.filter(number__in=["TJ2025000601", "TJ2025000602"]).count() == 2
    assert Entry.objects.filter(kind="api.people_imported").count() == 1
    assert ledger_report().ok
    result = import_people(
        actor=agency_admin, agency=catalogue, data=second.read_bytes(), file_name="人员.xlsx",
        dry_run=False,
    )  # fmt: skip
    assert result.ok and result.officers_created == 4
    assert Entry.objects.filter(kind="api.people_imported").count() == 2
    assert ledger_report().ok
