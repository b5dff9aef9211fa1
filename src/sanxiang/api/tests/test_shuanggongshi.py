"""双公示 export: a known decision's row field by field, the gateway's checks, the formats,
only what publicity published, the command and the endpoint."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from sanxiang.api import shuanggongshi
from sanxiang.api.tests.conftest import client_with
from sanxiang.decisions.choices import DecisionStatus
from sanxiang.publicity import services as publicity

EVERYONE = shuanggongshi.Installation()


def test_a_published_fine_is_exported_field_by_field(published, wanxin):
    export = shuanggongshi.export_for(user=EVERYONE)
    assert export.problems == [] and len(export.rows) == 1
    row = export.rows[0]
    decided = published.decided_on.isoformat()
    assert list(row) == [code for code, _n, _r in shuanggongshi.PENALTY_COLUMNS]
    expected = {
        "cf_xdr_mc": "张三", "cf_xdr_lb": "自然人", "cf_xdr_shxym": "", "cf_xdr_gszc": "",
        "cf_xdr_zzjg": "", "cf_xdr_swdj": "", "cf_xdr_sydw": "", "cf_xdr_shzz": "",
        "cf_frdb": "", "cf_fr_zjlx": "", "cf_fr_sfzh": "", "cf_xdr_zjlx": "身份证",
        "cf_xdr_zjhm": "", "cf_wsh": published.number, "cf_wfxw": published.violation,
        "cf_sy": published.redacted_text,
        "cf_yj": "《城市道路管理条例》第四十二条第（三）项", "cf_cflb": "罚款",
        "cf_nr": "罚款人民币二千元。", "cf_nr_fk": "0.200000", "cf_nr_wfff": "",
        "cf_nr_zkdx": "", "cf_jdrq": decided, "cf_yxq": "2099-12-31",
        "cf_gsjzq": published.display_until.isoformat(), "cf_cfjg": wanxin.name,
        "cf_cfjgdm": wanxin.uscc, "cf_sjly": wanxin.name, "cf_sjlydm": wanxin.uscc, "bz": "",
    }  # fmt: skip
    for code, value in expected.items():
        assert row[code] == value, code
    # The party's ID number is nowhere in the export, in any format.
    for fmt in shuanggongshi.FORMATS:
        data = shuanggongshi.render(export, fmt)
        assert b"120110198506150017" not in data


def test_internal_id_numbers_stay_empty_even_if_a_snapshot_held_them(published):
    published.fields = {**published.fields, "cf_xdr_zjhm": "120110198506150017",
                        "cf_fr_sfzh": "120110198506150017"}  # fmt: skip
    row = shuanggongshi.row_of(published)
    assert row["cf_xdr_zjhm"] == "" and row["cf_fr_sfzh"] == ""


def test_drafts_withdrawn_and_revoked_decisions_are_never_exported(
    published,
    company_decision,
    publisher,
    head,
):
    publicity.create_publication_draft(decision=company_decision)  # a draft: not exported
    assert [r["cf_wsh"] for r in shuanggongshi.export_for(user=EVERYONE).rows] == [published.number]
    publicity.withdraw_publication(actor=publisher, publication=published, reason="决定被撤销")
    assert shuanggongshi.export_for(user=EVERYONE).rows == []


def test_a_decision_no_longer_in_force_is_not_exported(published):
    decision = published.decision
    decision.status = DecisionStatus.REVOKED
    decision.save(update_fields=["status"])
    assert shuanggongshi.export_for(user=EVERYONE).rows == []


def test_the_export_is_incremental_since_a_date(published):
    day = timezone.localdate(published.published_at)  # the agency's day, not UTC's
    assert len(shuanggongshi.export_for(user=EVERYONE, since=day).rows) == 1
    later = day + dt.timedelta(days=1)
    assert shuanggongshi.export_for(user=EVERYONE, since=later).rows == []


def _row(**changes):
    row = {code: "" for code, _n, _r in shuanggongshi.PENALTY_COLUMNS}
    row.update({
        "cf_xdr_mc": "某公司", "cf_xdr_lb": "法人及非法人组织", "cf_xdr_shxym": "91120110MA05M8XX3F",
        "cf_frdb": "李四", "cf_wsh": "津东万罚〔2026〕1号", "cf_wfxw": "占道经营", "cf_sy": "事实",
        "cf_yj": "依据", "cf_cflb": "罚款", "cf_nr": "罚款", "cf_nr_fk": "0.200000",
        "cf_jdrq": "2026-03-01", "cf_yxq": "2099-12-31", "cf_cfjg": "机关",
        "cf_cfjgdm": "11120110000000002X", "cf_sjly": "机关", "cf_sjlydm": "11120110000000002X",
    })  # fmt: skip
    row.update(changes)
    return row


TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({}, None),
        ({"cf_xdr_lb": "个体工商户"}, "cf_xdr_shxym"),  # 92 for individual businesses
        ({"cf_xdr_lb": "个体工商户", "cf_xdr_shxym": "92120110MA05M8XX3F"}, None),
        (
            {"cf_xdr_lb": "自然人", "cf_xdr_shxym": "91120110MA05M8XX3F", "cf_xdr_zjlx": "身份证"},
            "cf_xdr_shxym",
        ),
        ({"cf_xdr_shxym": "92120110MA05M8XX3F"}, "cf_xdr_shxym"),  # 91 for organisations
        ({"cf_xdr_shxym": ""}, "cf_xdr_shxym"),
        ({"cf_xdr_shxym": "9112"}, "cf_xdr_shxym"),
        ({"cf_frdb": ""}, "cf_frdb"),
        ({"cf_xdr_lb": "公司"}, "cf_xdr_lb"),
        ({"cf_jdrq": "2026-06-02"}, "cf_jdrq"),  # in the future
        ({"cf_jdrq": "2026/03/01"}, "cf_jdrq"),
        ({"cf_yxq": "2026-05-31"}, "cf_yxq"),  # expired
        ({"cf_nr_fk": "0.2"}, "cf_nr_fk"),  # six decimals
        ({"cf_nr_fk": "2000.00"}, "cf_nr_fk"),
        ({"cf_nr_fk": ""}, "cf_nr_fk"),  # a fine without an amount
        ({"cf_wsh": ""}, "cf_wsh"),
        ({"cf_cfjgdm": "111"}, "cf_cfjgdm"),
    ],
)
def test_the_gateway_checks(changes, column):
    problems = shuanggongshi.check_row(_row(**changes), kind="penalty", today=TODAY)
    assert [p.column for p in problems] == ([column] if column else [])
    assert all(p.message for p in problems)


def test_a_failing_row_is_listed_with_its_column_not_dropped_silently(published):
    published.fields = {**published.fields, "cf_nr_fk": "2000"}
    published.save(update_fields=["fields"])
    export = shuanggongshi.export_for(user=EVERYONE)
    assert export.rows == [] and export.rejected == 1
    [problem] = export.problems
    assert (problem.number, problem.column) == (published.number, "cf_nr_fk")


def test_csv_has_a_bom_and_the_codes_as_header(published):
    data = shuanggongshi.to_csv(shuanggongshi.export_for(user=EVERYONE))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["cf_wsh"] == published.number and rows[0]["cf_xdr_mc"] == "张三"


def test_xlsx_has_codes_names_and_a_problem_sheet(published):
    data = shuanggongshi.to_xlsx(shuanggongshi.export_for(user=EVERYONE))
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    assert sheet.cell(1, 1).value == "cf_xdr_mc" and sheet.cell(2, 1).value == "行政相对人名称"
    assert sheet.cell(3, 14).value == published.number
    assert sheet.cell(3, 20).value == "0.200000"  # text, as the gateway reads it
    assert workbook.worksheets[1].title == "校验问题"


def test_the_command_writes_the_file(published, jinqiao, tmp_path):
    out = tmp_path / "cf.json"
    call_command("export_shuanggongshi", "--since", "2000-01-01", "--format", "json",
                 "--output", str(out))  # fmt: skip
    data = json.loads(out.read_text())
    assert data["records"][0]["cf_wsh"] == published.number and data["problems"] == []
    call_command("export_shuanggongshi", "--format", "csv", "--agency", "jinqiao",
                 "--output", str(tmp_path / "j.csv"))  # fmt: skip
    assert (tmp_path / "j.csv").read_bytes().count(b"\r\n") == 1  # header only
    with pytest.raises(CommandError):
        call_command("export_shuanggongshi", "--agency", "nope", "--output", str(out))


def test_the_endpoint_exports_the_tokens_scope(
    published,
    wanxin_key,
    jinqiao_key,
    supervisor_key,
    public_key,
):
    url = "/api/v1/exports/shuanggongshi/"
    data = client_with(wanxin_key).get(url).json()
    assert [r["cf_wsh"] for r in data["records"]] == [published.number]
    assert client_with(jinqiao_key).get(url).json()["records"] == []
    assert len(client_with(supervisor_key).get(url).json()["records"]) == 1
    assert client_with(public_key).get(url).status_code == 403
    assert client_with(None).get(url).status_code == 401
    response = client_with(wanxin_key).get(url + "?output=csv&since=2000-01-01")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    response = client_with(wanxin_key).get(url + "?output=xlsx&kind=licensing")
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert client_with(wanxin_key).get(url + "?since=yesterday").status_code == 400
