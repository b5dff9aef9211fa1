"""Bulk import of historic cases (历史案件) from Excel: a dry run listing every problem by row and
column, the real run all or nothing, paper numbers kept and the number sequence moved past
them, parties' personal data encrypted, the import in the ledger, and imported cases left out of
warnings, evaluation sampling and deadlines while the year's statistics count them."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from sanxiang.agencies.tests.factories import UserFactory
from sanxiang.api.choices import TokenScope
from sanxiang.api.historic import COLUMNS
from sanxiang.api.tests.conftest import client_with, issue
from sanxiang.cases.choices import Procedure, Stage
from sanxiang.cases.deadlines import deadlines_for
from sanxiang.cases.models import Case, CaseNumberSequence, Party
from sanxiang.cases.tests.factories import COMPANY_USCC, PERSON_ID, open_case
from sanxiang.core import pii
from sanxiang.core.roles import Role
from sanxiang.ledger.models import Entry
from sanxiang.supervision import evaluation, rules
from sanxiang.supervision.annual import figures

URL = "/api/v1/imports/historic-cases/"
HEADER = list(COLUMNS)
TODAY = dt.date.today()
FILED = TODAY - dt.timedelta(days=100)  # recent enough for the warnings' one-year window
YEAR = FILED.year


def line(serial, *, credentials, code, filed=FILED, decided=None, closed=None, kind="自然人",
         identifier=PERSON_ID, name="张三", procedure="普通程序", category="行政处罚",
         number=None, archived=None, violation_on=None):  # fmt: skip
    values = {
        "案号": number or f"东丽万新罚〔{filed.year}〕{serial}号",
        "案由": "占道经营",
        "权责事项编码": code,
        "类别": category,
        "程序": procedure,
        "案件来源": "巡查发现",
        "立案日期": filed,
        "决定日期": decided or filed + dt.timedelta(days=1),
        "结案日期": closed or filed + dt.timedelta(days=2),
        "归档日期": archived,
        "当事人名称": name,
        "当事人类型": kind,
        "证件号码": identifier,
        "法定代表人": "",
        "当事人住址": "万新街2号",
        "联系电话": "13800138000",
        "承办人执法证号": "、".join(credentials),
        "违法行为发生日期": violation_on,
    }
    return [values[column] for column in HEADER]


def workbook(rows, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def post(key, data, *, dry_run, name="历史案件.xlsx"):
    upload = SimpleUploadedFile(name, data)
    return client_with(key).post(URL, {"file": upload, "dry_run": "true" if dry_run else "false"})


@pytest.fixture
def credentials(officer, partner):
    return [officer.officer.credentials.first().number, partner.officer.credentials.first().number]


@pytest.fixture
def good(credentials, power_item):
    return workbook(
        [
            line(7, credentials=credentials, code=power_item.code),
            line(
                12,
                credentials=credentials,
                code=power_item.code,
                kind="法人",
                identifier=COMPANY_USCC,
                name="某某餐饮有限公司",
                archived=FILED + dt.timedelta(days=3),
            ),
            line(9, credentials=credentials, code=power_item.code),
        ]
    )


def test_a_dry_run_checks_and_writes_nothing_then_the_real_run_imports_all(
    wanxin_writer_key, good, power_item
):
    before = Entry.objects.count()
    dry = post(wanxin_writer_key, good, dry_run=True)
    assert dry.status_code == 200, dry.json()
    assert dry.json() == {
        "dry_run": True, "ok": True, "rows": 3, "cases_created": 0, "ledger_entry": None,
        "problems": [],
    }  # fmt: skip
    assert not Case.objects.exists() and not Party.objects.exists()
    assert not CaseNumberSequence.objects.exists() and Entry.objects.count() == before

    done = post(wanxin_writer_key, good, dry_run=False)
    assert done.status_code == 201, done.json()
    assert done.json()["cases_created"] == 3
    cases = {c.number: c for c in Case.objects.all()}
    assert set(cases) == {f"东丽万新罚〔{YEAR}〕{n}号" for n in (7, 12, 9)}
    first = cases[f"东丽万新罚〔{YEAR}〕7号"]
    assert first.migrated and first.stage == Stage.CLOSED
    assert (first.filed_on, first.decided_on, first.closed_on) == (
        FILED, FILED + dt.timedelta(days=1), FILED + dt.timedelta(days=2),
    )  # fmt: skip
    assert (first.serial, first.year, first.procedure) == (7, YEAR, Procedure.GENERAL)
    assert first.officers.count() == 2 and not first.events.exists()
    assert cases[f"东丽万新罚〔{YEAR}〕12号"].stage == Stage.ARCHIVED
    # The same person on two rows is one party; personal data is stored encrypted.
    assert Party.objects.count() == 2
    person = Party.objects.get(kind="natural_person")
    assert person.id_number == PERSON_ID and person.phone == "13800138000"
    assert PERSON_ID not in person.id_number_ciphertext
    assert "13800138000" not in person.phone_ciphertext
    assert person.id_number_digest == pii.keyed_hash(PERSON_ID)
    # One ledger entry for the import, with the file's hash and the numbers.
    entry = Entry.objects.get(seq=done.json()["ledger_entry"])
    assert entry.kind == "api.historic_cases_imported"
    assert len(entry.payload["file_sha256"]) == 64 and len(entry.payload["cases"]) == 3
    assert Entry.objects.count() == before + 1


def test_the_number_sequence_moves_past_imported_serials(
    wanxin_writer_key, credentials, power_item, officer, partner
):
    today = dt.date.today()
    data = workbook([line(41, credentials=credentials, code=power_item.code, filed=today,
                          decided=today, closed=today)])  # fmt: skip
    assert post(wanxin_writer_key, data, dry_run=False).status_code == 201
    sequence = CaseNumberSequence.objects.get(year=today.year, category=power_item.category)
    assert sequence.last_serial == 41
    new = open_case(officer, power_item, partner, filed_on=today)
    assert new.serial == 42 and not new.migrated
    # A lower serial imported later does not move the sequence back.
    data = workbook([line(5, credentials=credentials, code=power_item.code, filed=today,
                          decided=today, closed=today)])  # fmt: skip
    assert post(wanxin_writer_key, data, dry_run=False).status_code == 201
    sequence.refresh_from_db()
    assert sequence.last_serial == 42


def test_every_bad_row_is_listed_with_row_and_column_and_one_bad_row_writes_nothing(
    wanxin_writer_key, credentials, power_item, officer, partner
):
    existing = open_case(officer, power_item, partner)
    code = power_item.code
    tomorrow = TODAY + dt.timedelta(days=1)
    rows = [
        line(1, credentials=credentials, code=code),  # fine
        line(2, credentials=credentials, code="CF-9999"),  # no such power item
        line(3, credentials=[credentials[0], "TJ0000000000"], code=code),  # unknown credential
        line(4, credentials=credentials, code=code, identifier="120110198506150018"),  # check digit
        line(5, credentials=credentials, code=code, kind="法人", identifier="91120110MA05M8XX3A"),
        line(6, credentials=credentials, code=code, procedure="快速程序"),  # no such procedure
        line(7, credentials=credentials, code=code, category="行政许可"),  # not the item's category
        line(8, credentials=credentials, code=code, closed=FILED - dt.timedelta(days=1)),
        line(9, credentials=credentials, code=code, filed=TODAY, decided=TODAY, closed=tomorrow),
        line(1, credentials=credentials, code=code),  # the same number as row 2
        line(0, credentials=credentials, code=code, number=existing.number),  # already exists
        line(10, credentials=credentials, code=code, number="万新罚2023-10"),  # no year, serial
        line(11, credentials=[credentials[0]], code=code),  # one officer only
        line(12, credentials=credentials, code=code, kind="外星人"),
    ]
    data = workbook(rows)
    dry = post(wanxin_writer_key, data, dry_run=True)
    assert dry.status_code == 200 and dry.json()["ok"] is False
    where = {(p["row"], p["column"]) for p in dry.json()["problems"]}
    assert where == {
        (3, "权责事项编码"), (4, "承办人执法证号"), (5, "证件号码"), (6, "证件号码"),
        (7, "程序"), (8, "类别"), (9, "结案日期"), (10, "结案日期"), (11, "案号"), (12, "案号"),
        (13, "案号"), (14, "承办人执法证号"), (15, "当事人类型"),
    }  # fmt: skip
    real = post(wanxin_writer_key, data, dry_run=False)
    assert real.status_code == 400
    error = real.json()["error"]
    assert (
        error["code"] == "import_rejected"
        and error["message"] == "未导入任何数据：请改正所列问题后重试。"
    )
    assert {(p["row"], p["column"]) for p in error["problems"]} == where
    assert list(Case.objects.all()) == [existing]
    # One bad row among good ones: nothing at all is written.
    one_bad = workbook([line(1, credentials=credentials, code=code),
                        line(2, credentials=credentials, code="CF-9999")])  # fmt: skip
    before = Entry.objects.count()
    assert post(wanxin_writer_key, one_bad, dry_run=False).status_code == 400
    assert list(Case.objects.all()) == [existing] and Entry.objects.count() == before
    assert Party.objects.count() == 1  # the existing case's party only


def test_wrong_columns_types_and_files_get_clear_errors(wanxin_writer_key, credentials, power_item):
    header = [*HEADER[:-1], "执法人员"]
    data = workbook([line(1, credentials=credentials, code=power_item.code)], header=header)
    response = post(wanxin_writer_key, data, dry_run=True)
    problems = {(p["row"], p["column"]) for p in response.json()["problems"]}
    assert problems == {(1, "执法人员"), (1, "承办人执法证号")}
    values = line(1, credentials=credentials, code=power_item.code)
    values[HEADER.index("立案日期")] = "去年春天"
    values[HEADER.index("证件号码")] = 120110198506150017
    response = post(wanxin_writer_key, workbook([values]), dry_run=True)
    assert {(p["row"], p["column"]) for p in response.json()["problems"]} == {
        (2, "立案日期"),
        (2, "证件号码"),
    }
    csv = "案号,案由\n东丽万新罚〔2023〕1号,占道经营\n".encode("gbk")
    response = post(wanxin_writer_key, csv, dry_run=True, name="cases.csv")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_file"
    assert "不是 Excel 工作簿" in response.json()["error"]["message"]
    assert not Case.objects.exists()


def test_an_agency_imports_only_into_its_own_agency(
    superuser, jinqiao, credentials, power_item, wanxin_key
):
    admin = UserFactory(username="jinqiao_admin", agency=jinqiao, roles=[Role.ADMIN])
    key = issue(superuser, scope=TokenScope.AGENCY, agency=jinqiao, user=admin)
    data = workbook([line(1, credentials=credentials, code=power_item.code)])
    response = post(key, data, dry_run=False)
    assert response.status_code == 400
    columns = {p["column"] for p in response.json()["error"]["problems"]}
    assert columns == {"权责事项编码", "承办人执法证号"}  # 万新街's item and officers are unknown
    assert not Case.objects.exists()
    # A token without an account for writes may not import at all.
    assert post(wanxin_key, data, dry_run=True).status_code == 403


def test_imported_cases_stay_out_of_warnings_evaluation_and_deadlines_but_count_in_statistics(
    wanxin_writer_key, credentials, power_item, wanxin
):
    # Three cases of one party closed two days after filing under the general procedure:
    # live cases like these would raise 重复当事人 and 快速结案 warnings.
    rows = [line(n, credentials=credentials, code=power_item.code) for n in (1, 2, 3)]
    assert post(wanxin_writer_key, workbook(rows), dry_run=False).status_code == 201
    checks = [rules.repeated_parties, rules.closed_fast, rules.officer_outliers]
    window = SimpleNamespace(closed_from=FILED, closed_to=TODAY)
    assert [f for check in checks for f in check(TODAY)] == []
    assert not evaluation._population(window, wanxin).exists()
    assert all(deadlines_for(case) == [] for case in Case.objects.all())
    assert figures._cases([wanxin.pk], YEAR)["ext.filed"] == 3
    # The same cases as live ones would be picked up: the checks above can fail.
    Case.objects.update(migrated=False)
    kinds = {f.kind for check in checks for f in check(TODAY)}
    assert {"repeated_party", "closed_fast"} <= {str(k) for k in kinds}
    assert evaluation._population(window, wanxin).count() == 3


@pytest.mark.parametrize("number", ["东丽万新罚[2023]8号", "东丽万新罚（2023）第8号"])
def test_common_bracket_styles_are_read(number):
    from sanxiang.cases.historic import parse_number

    assert parse_number(number) == (2023, 8)


def test_the_command_imports_the_same_file(tmp_path, agency_admin, good, power_item, capsys):
    path = tmp_path / "历史案件.xlsx"
    path.write_bytes(good)
    call_command("import_historic_cases", str(path), agency="wanxin", user="agency_admin",
                 dry_run=True)  # fmt: skip
    assert not Case.objects.exists()
    call_command("import_historic_cases", str(path), agency="wanxin", user="agency_admin")
    assert Case.objects.filter(migrated=True).count() == 3
    with pytest.raises(CommandError) as raised:  # the same numbers again: refused, row by row
        call_command("import_historic_cases", str(path), agency="wanxin", user="agency_admin")
    assert raised.value.returncode == 1
    assert Case.objects.count() == 3


def test_a_known_id_number_under_another_name_stops_the_import_row(
    wanxin_writer_key, credentials, power_item, officer, partner
):
    """行政处罚法 第四十条 (penalty.party_identity): the import never merges silently."""
    open_case(officer, power_item, partner)  # 张三 with PERSON_ID
    data = workbook([line(1, credentials=credentials, code=power_item.code, name="孙小三")])
    dry = post(wanxin_writer_key, data, dry_run=True)
    assert dry.json()["ok"] is False
    text = " ".join(p["message"] for p in dry.json()["problems"])
    assert "张三" in text and "孙小三" in text and "penalty.party_identity" in text


def test_a_historic_penalty_case_without_the_violation_date_is_flagged(
    wanxin_writer_key, credentials, power_item
):
    """行政处罚法 第三十六条 (penalty.limitation): never silently passed; the date clears it."""
    from sanxiang.cases.models import Case

    rows = [line(21, credentials=credentials, code=power_item.code),
            line(22, credentials=credentials, code=power_item.code,
                 violation_on=FILED - dt.timedelta(days=5))]  # fmt: skip
    assert post(wanxin_writer_key, workbook(rows), dry_run=False).status_code == 201
    flagged = Case.objects.get(number__endswith="21号")
    dated = Case.objects.get(number__endswith="22号")
    assert flagged.rules_flags == ["violation_date_missing"] and flagged.violation_on is None
    assert dated.rules_flags == [] and dated.violation_on == FILED - dt.timedelta(days=5)
