"""Bulk import of officers and credentials from Excel: dry run, all or nothing, in the ledger."""

from __future__ import annotations

import datetime as dt
import io
import time

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from sanxiang.agencies.models import Credential, CredentialEvent, Officer
from sanxiang.agencies.tests.factories import DepartmentFactory, DomainFactory, make_resident_id
from sanxiang.api.tests.conftest import client_with
from sanxiang.core.tests import bombs
from sanxiang.ledger.models import Entry

HEADER = ["姓名", "身份证号", "部门", "职务", "执法领域", "证件编号", "证件类别", "发证机关",
          "有效期起", "有效期止"]  # fmt: skip
ID_1, ID_2, ID_3 = make_resident_id(501), make_resident_id(502), make_resident_id(503)


def row(name, id_number, number="", *, department="综合执法大队", start=None, end=None):
    credential = (
        [number, "天津市人民政府", "天津市人民政府", start or dt.date(2025, 1, 1),
         end or dt.date(2029, 12, 31)] if number else ["", "", "", None, None]
    )  # fmt: skip
    return [name, id_number, department, "队员", "城市管理", *credential]


GOOD = [row("张三", ID_1, "TJ2025000001"), row("李四", ID_2), row("张三", ID_1, "TJ2030000001",
        start=dt.date(2030, 1, 1), end=dt.date(2034, 12, 31))]  # fmt: skip


def workbook(rows, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for line in rows:
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _catalogue(wanxin):
    DepartmentFactory(agency=wanxin, name="综合执法大队")
    DomainFactory()


def post(key, data, *, dry_run, name="people.xlsx"):
    upload = SimpleUploadedFile(name, data)
    return client_with(key).post(
        "/api/v1/imports/people/", {"file": upload, "dry_run": "true" if dry_run else "false"}
    )


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(wanxin_writer_key):
    response = post(wanxin_writer_key, workbook(GOOD), dry_run=True)
    assert response.status_code == 200
    assert response.json() | {"problems": []} == {
        "dry_run": True, "ok": True, "rows": 3, "officers_created": 2,
        "credentials_issued": 2, "ledger_entry": None, "problems": [],
    }  # fmt: skip
    assert not Officer.objects.exists()
    assert not Entry.objects.filter(kind="api.people_imported").exists()


def test_the_real_run_registers_through_the_services_and_is_in_the_ledger(
    wanxin_writer_key, wanxin, agency_admin
):
    response = post(wanxin_writer_key, workbook(GOOD), dry_run=False)
    assert response.status_code == 201, response.json()
    zhang = Officer.objects.get(id_number=ID_1)
    assert (zhang.agency, zhang.department.name, zhang.position) == (wanxin, "综合执法大队", "队员")
    assert [d.code for d in zhang.domains.all()] == ["urban"]
    assert sorted(zhang.credentials.values_list("number", flat=True)) == [
        "TJ2025000001", "TJ2030000001",
    ]  # fmt: skip
    # issue_credential wrote the history, with the token's account as the actor.
    assert CredentialEvent.objects.filter(actor=agency_admin).count() == 2
    entry = Entry.objects.get(seq=response.json()["ledger_entry"])
    assert entry.kind == "api.people_imported"
    assert entry.payload["rows"] == 3 and len(entry.payload["officers"]) == 2
    assert ID_1 not in entry.record  # no ID numbers in the ledger


def _problems(response):
    return {(p["row"], p["column"]) for p in response.json()["problems"]}


def test_a_dry_run_lists_every_rows_problems_with_row_and_column(wanxin_writer_key):
    rows = [
        row("王五", "120110198506150000", "N1"),                     # 2: bad check digit
        row("", ID_2),                                                # 3: no name
        row("赵六", ID_3, "N2", department="不存在的科"),              # 4: unknown department
        row("钱七", make_resident_id(504), "N3", start="2025年13月1日"),  # 5: bad date
        [*row("孙八", make_resident_id(505))[:5], "N4", "", "", None, None],  # 6: partial
        row("周九", int(make_resident_id(506)[:17])),                 # 7: ID as a number
    ]  # fmt: skip
    response = post(wanxin_writer_key, workbook(rows), dry_run=True)
    assert response.status_code == 200
    assert not response.json()["ok"]
    assert _problems(response) == {
        (2, "身份证号"), (3, "姓名"), (4, "部门"), (5, "有效期起"),
        (6, "证件类别"), (6, "发证机关"), (6, "有效期起"), (6, "有效期止"), (7, "身份证号"),
    }  # fmt: skip
    messages = " ".join(p["message"] for p in response.json()["problems"])
    assert "文本格式" in messages  # Chinese, saying what to do


def test_service_rules_are_reported_per_row(wanxin_writer_key, jinqiao, superuser):
    from sanxiang.agencies.tests.factories import CredentialFactory, OfficerFactory

    OfficerFactory(agency=jinqiao, id_number=ID_3)  # an officer of another agency
    CredentialFactory(number="TAKEN-1")
    rows = [
        row("张三", ID_1, "TAKEN-1"),                                  # number already used
        row("李四", ID_2, "N5"),
        row("李四", ID_2, "N6"),                                       # overlaps N5
        row("赵六", ID_3),                                             # other agency's officer
    ]  # fmt: skip
    response = post(wanxin_writer_key, workbook(rows), dry_run=True)
    assert _problems(response) == {(2, "证件编号"), (4, "有效期起"), (5, "身份证号")}


def test_the_real_run_with_one_bad_row_writes_nothing(wanxin_writer_key):
    rows = [*GOOD, row("", ID_3)]
    response = post(wanxin_writer_key, workbook(rows), dry_run=False)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "import_rejected"
    assert error["message"] == "未导入任何数据：请改正所列问题后重试。"
    assert {(p["row"], p["column"]) for p in error["problems"]} == {(5, "姓名")}
    assert not Officer.objects.exists() and not Credential.objects.exists()
    assert not Entry.objects.filter(kind="api.people_imported").exists()


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ("姓名,身份证号\n张三,1\n".encode("gbk"), "不是 Excel 工作簿"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版 .xls"),
        (b"PK\x03\x04broken zip", "不是 Excel 工作簿"),
        (b"", "不是 Excel 工作簿"),
    ],
)
def test_a_file_that_is_no_workbook_gets_a_clear_chinese_error(wanxin_writer_key, data, fragment):
    response = post(wanxin_writer_key, data, dry_run=True)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] in ("invalid_file", "invalid")
    if error["code"] == "invalid_file":
        assert fragment in error["message"]


def test_wrong_and_missing_columns_are_named(wanxin_writer_key):
    response = post(wanxin_writer_key, workbook([["张三", "x"]], header=["名字", "职务"]),
                    dry_run=True)  # fmt: skip
    assert _problems(response) == {(1, "名字"), (1, "姓名"), (1, "身份证号")}


def test_unreadable_characters_are_reported(wanxin_writer_key):
    response = post(wanxin_writer_key, workbook([row("张\ufffd三", ID_1)]), dry_run=True)
    assert _problems(response) == {(2, "姓名")}
    assert "编码" in response.json()["problems"][0]["message"]


def test_only_an_agency_administrators_account_may_import(superuser, wanxin, officer):
    from sanxiang.api.choices import TokenScope
    from sanxiang.api.tests.conftest import issue

    key = issue(superuser, scope=TokenScope.AGENCY, agency=wanxin, user=officer)
    response = post(key, workbook(GOOD), dry_run=True)
    assert response.status_code == 403


# --- the management command -------------------------------------------------------------


def _file(tmp_path, rows):
    path = tmp_path / "people.xlsx"
    path.write_bytes(workbook(rows))
    return path


def test_the_command_imports_all_rows(tmp_path, agency_admin, capsys):
    call_command("import_people", str(_file(tmp_path, GOOD)), agency="wanxin",
                 user="agency_admin")  # fmt: skip
    assert Officer.objects.count() == 2
    assert "已导入 3 行" in capsys.readouterr().out
    assert Entry.objects.filter(kind="api.people_imported").count() == 1


def test_the_command_dry_run_writes_nothing(tmp_path, agency_admin, capsys):
    call_command("import_people", str(_file(tmp_path, GOOD)), agency="wanxin",
                 user="agency_admin", dry_run=True)  # fmt: skip
    assert not Officer.objects.exists()
    assert "试导入" in capsys.readouterr().out


def test_the_command_lists_problems_and_exits_1(tmp_path, agency_admin, capsys):
    with pytest.raises(CommandError) as error:
        call_command("import_people", str(_file(tmp_path, [*GOOD, row("", ID_3)])),
                     agency="wanxin", user="agency_admin")  # fmt: skip
    assert error.value.returncode == 1
    assert "第 5 行，“姓名”列" in capsys.readouterr().err
    assert not Officer.objects.exists()


def test_the_command_refuses_a_csv_with_exit_2(tmp_path, agency_admin):
    path = tmp_path / "people.csv"
    path.write_bytes("姓名,身份证号\n".encode("gbk"))
    with pytest.raises(CommandError) as error:
        call_command("import_people", str(path), agency="wanxin", user="agency_admin")
    assert error.value.returncode == 2
    assert "不是 Excel 工作簿" in str(error.value)


@pytest.mark.parametrize("make", [bombs.numbered_rows, bombs.far_row, bombs.billion_laughs])
def test_an_import_bomb_is_refused_at_once_with_a_chinese_message(wanxin_writer_key, make):
    started = time.perf_counter()
    response = post(wanxin_writer_key, make(), dry_run=True)
    assert response.status_code == 400
    assert time.perf_counter() - started < 2
    message = response.json()["error"]["message"]
    assert "工作表" in message or "文档类型声明" in message
