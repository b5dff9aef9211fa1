"""The annual report: counting rules, an independent recount, freezing, hand-entered figures,
exports and the portal page."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sanxiang.agencies.choices import PowerCategory
from sanxiang.agencies.models import Credential
from sanxiang.cases.tests.factories import open_case
from sanxiang.decisions.choices import DecisionStatus
from sanxiang.decisions.models import Decision, DecisionChange, JudicialTransfer, Remedy
from sanxiang.ledger.models import Entry
from sanxiang.supervision.annual import exports, figures, services
from sanxiang.supervision.models import AnnualReport, ReportOverride, ReportSchedule

YEAR = 2025
_numbers = itertools.count(1)

# The standard's order, light to heavy (domain-notes §5), written out again on purpose:
# the recount below must not share code with the report.
RANK = ["warning", "criticism", "fine", "confiscate_gains", "confiscate_property",
        "suspend_licence", "downgrade", "restrict_business", "suspend_business", "close",
        "bar_practice", "revoke_licence", "detention"]  # fmt: skip
MERGED = {"confiscate_gains": "confiscation", "confiscate_property": "confiscation",
          "bar_practice": "close"}  # fmt: skip


@pytest.fixture
def cases(officer, partner, power_item):
    Credential.objects.update(valid_from=dt.date(2020, 1, 1))
    return [
        open_case(officer, power_item, partner, filed_on=dt.date(YEAR, month, 3))
        for month in (2, 5, 9)
    ]


def decide(case, head, types, *, fine=None, confiscation=None, on=dt.date(YEAR, 6, 1), **extra):
    return Decision.objects.create(
        case=case, agency=case.agency, number=f"万新罚决〔{on.year}〕{next(_numbers)}号",
        category=extra.pop("category", PowerCategory.PENALTY), facts="事实", content="内容",
        penalty_types=types, fine_amount=fine, confiscation_amount=confiscation,
        legal_basis="依据", decided_on=on, decided_by=head, review_required=False,
        created_at=timezone.now(), **extra,
    )  # fmt: skip


@pytest.fixture
def decided(cases, head):
    a, b, c = cases
    return [
        decide(a, head, ["warning"]),
        decide(a, head, ["revoke_licence", "fine"], fine=Decimal("5000")),  # a fine with others
        decide(b, head, ["suspend_business", "revoke_licence"]),
        decide(b, head, ["bar_practice", "restrict_business"]),
        decide(c, head, ["confiscate_gains", "warning"], confiscation=Decimal("1234.56")),
        decide(c, head, ["confiscate_property"], confiscation=None),  # amount not determined
        decide(c, head, ["other"]),
        decide(c, head, ["fine"], fine=Decimal("200"), status=DecisionStatus.REVOKED),
        decide(
            c, head, ["fine"], fine=Decimal("999"), on=dt.date(YEAR - 1, 12, 31)
        ),  # not this year
    ]


def test_penalties_count_once_under_the_heaviest_type_and_a_fine_with_others_as_a_fine(decided):
    values = figures.compute(agency_ids=None, year=YEAR)
    assert values["penalty.fine"] == 2  # incl. the revoked one: scope includes them
    assert values["penalty.revoke_licence"] == 1
    assert values["penalty.close"] == 1
    assert values["penalty.confiscation"] == 2
    assert values["penalty.warning"] == 1
    assert values["penalty.other"] == 1
    assert values["penalty.total"] == 8
    assert values["penalty.later_changed"] == 1
    # 5000 + 1234.56 + 200 yuan = 0.643456 万元
    assert values["penalty.amount"] == Decimal("0.64")
    assert values["ext.filed"] == 3


def _recount(year: int) -> Counter:
    """Straight from the rows, in Python: what the aggregate queries must agree with."""
    counts: Counter = Counter()
    amount = Decimal(0)
    for decision in Decision.objects.all():
        if decision.decided_on.year != year or decision.category != PowerCategory.PENALTY:
            continue
        types = decision.penalty_types
        if "fine" in types:
            bucket = "fine"
        elif set(types) <= {"other"}:
            bucket = "other"
        else:
            heaviest = max((t for t in types if t in RANK), key=RANK.index)
            bucket = MERGED.get(heaviest, heaviest)
        counts[f"penalty.{bucket}"] += 1
        counts["penalty.total"] += 1
        amount += (decision.fine_amount or 0) + (decision.confiscation_amount or 0)
    counts["amount_yuan"] = amount  # type: ignore[assignment]
    return counts


def test_the_figures_match_an_independent_count_from_the_rows(decided, cases, head):
    a, b, _c = cases
    decide(b, head, ["detention", "fine", "other"], fine=Decimal("10000"))
    decide(a, head, ["downgrade", "suspend_licence", "criticism"])
    expected = _recount(YEAR)
    values = figures.compute(agency_ids=[a.agency_id], year=YEAR)
    for key, n in expected.items():
        if key.startswith("penalty."):
            assert values[key] == n, key
    assert values["penalty.amount"] == figures.wan(expected["amount_yuan"])
    assert sum(v for k, v in values.items() if k.startswith("penalty.") and k not in
               ("penalty.total", "penalty.amount", "penalty.later_changed")) == values["penalty.total"]  # fmt: skip


def test_corrections_and_licensing_revocations_are_counted_in_the_year_they_happen(decided, head):
    licence = decide(
        decided[0].case, head, [], category=PowerCategory.LICENSING, licensing_outcome="granted"
    )
    DecisionChange.objects.create(
        decision=licence, status=DecisionStatus.REVOKED, reason="复议撤销", basis="复议决定",
        on=dt.date(YEAR, 8, 1), recorded_by=head, recorded_at=timezone.now(),
    )  # fmt: skip
    values = figures.compute(agency_ids=None, year=YEAR)
    assert values["licensing.granted"] == 1
    assert values["licensing.revoked"] == 1
    assert values["ext.corrected"] == 1
    assert figures.compute(agency_ids=None, year=YEAR + 1)["ext.corrected"] == 0


def test_a_report_for_a_year_without_data_or_not_over_is_refused(head, wanxin):
    with pytest.raises(ValidationError, match="没有"):
        services.generate_report(actor=head, agency=wanxin, year=2019)
    with pytest.raises(ValidationError):
        services.generate_report(actor=head, agency=wanxin, year=timezone.localdate().year)
    assert not AnnualReport.objects.exists()


def test_only_the_agency_head_or_administrator_prepares_the_report(
    decided, supervisor, officer, wanxin
):
    for someone in (supervisor, officer):
        with pytest.raises(PermissionDenied):
            services.generate_report(actor=someone, agency=wanxin, year=YEAR)


def test_a_published_report_is_frozen_and_changes_need_a_reason(decided, head, wanxin):
    report = services.generate_report(actor=head, agency=wanxin, year=YEAR)
    with pytest.raises(ValidationError):
        services.publish_report(actor=head, report=report)  # no general account yet
    services.save_narrative(actor=head, report=report, narrative="本年度依法履职。")
    services.publish_report(actor=head, report=report)
    decide(decided[0].case, head, ["warning"])
    with pytest.raises(ValidationError, match="原因"):
        services.generate_report(actor=head, agency=wanxin, year=YEAR)
    report.refresh_from_db()
    assert report.figures["penalty.total"] == 8  # unchanged
    services.generate_report(actor=head, agency=wanxin, year=YEAR, reason="补录一宗案件")
    report.refresh_from_db()
    assert report.figures["penalty.total"] == 9
    change = ReportOverride.objects.get(report=report)
    assert (change.reason, change.before["penalty.total"]) == ("补录一宗案件", 8)
    assert Entry.objects.filter(kind="supervision.report.override").count() == 1


def test_figures_the_platform_lacks_are_entered_by_hand_with_a_note(decided, head, wanxin):
    report = services.generate_report(actor=head, agency=wanxin, year=YEAR)
    with pytest.raises(ValidationError):
        services.set_manual_figure(
            actor=head, report=report, key="licensing.applications", value="2", note=""
        )
    with pytest.raises(ValidationError):
        services.set_manual_figure(
            actor=head, report=report, key="penalty.total", value="2", note="台账"
        )
    with pytest.raises(ValidationError):
        services.set_manual_figure(
            actor=head, report=report, key="licensing.applications", value="-1", note="台账"
        )
    services.set_manual_figure(
        actor=head, report=report, key="licensing.applications", value="2", note="法院台账"
    )
    report.refresh_from_db()
    assert report.manual == {"licensing.applications": {"value": "2", "note": "法院台账"}}


def test_the_due_date_is_the_installations_unless_the_agency_sets_its_own(wanxin, settings):
    settings.SUPERVISION_REPORT_DUE_MONTH, settings.SUPERVISION_REPORT_DUE_DAY = 1, 31
    assert services.due_date(wanxin, YEAR) == dt.date(YEAR + 1, 1, 31)
    ReportSchedule.objects.create(agency=wanxin, due_month=1, due_day=10)
    assert services.due_date(wanxin, YEAR) == dt.date(YEAR + 1, 1, 10)


def test_the_exports_carry_the_tables_the_chart_and_the_account(decided, head, wanxin):
    from docx import Document
    from openpyxl import load_workbook

    report = services.generate_report(actor=head, agency=wanxin, year=YEAR)
    services.save_narrative(actor=head, report=report, narrative="本年度依法履职。")
    word = Document(io.BytesIO(exports.to_docx(report)))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "罚款" in cells and "0.64" in cells
    assert len(word.inline_shapes) == 1  # the chart
    assert any("本年度依法履职" in p.text for p in word.paragraphs)
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(report))).worksheets[0]
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["罚款"] == 2 and rows["合计（宗）"] == 8
    assert len(sheet._charts) == 1
    pdf = exports.to_pdf(report)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_the_portal_shows_a_report_once_published(client, decided, head, wanxin):
    report = services.generate_report(actor=head, agency=wanxin, year=YEAR)
    url = reverse("portal:annual-report", args=[wanxin.code, YEAR])
    assert client.get(url).status_code == 404
    services.save_narrative(actor=head, report=report, narrative="本年度依法履职。")
    services.publish_report(actor=head, report=report)
    page = client.get(url).content.decode()
    assert "本年度依法履职" in page and "<svg" in page and "未采集" in page
    listing = client.get(reverse("portal:annual-reports", args=[wanxin.code])).content.decode()
    assert url in listing


def test_the_head_generates_from_the_page_and_a_supervisor_reads(
    client, decided, head, supervisor, wanxin
):
    client.force_login(head)
    response = client.post(reverse("workbench:reports"), {"agency": wanxin.pk, "year": YEAR})
    report = AnnualReport.objects.get()
    assert response.url == reverse("workbench:report", args=[report.pk])
    client.force_login(supervisor)
    page = client.get(reverse("workbench:report", args=[report.pk])).content.decode()
    assert "罚款" in page and "发布到门户网站" not in page
    response = client.post(reverse("workbench:report-action", args=[report.pk, "publish"]))
    assert response.status_code == 403
    xlsx = client.get(reverse("workbench:report-export", args=[report.pk, "xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxml")


# Written out again on purpose (the recount must not share code with the report): the
# outcomes that correct the agency (纠错; for a lawsuit, 败诉).
CORRECTING = {"revoked", "changed", "confirmed_illegal", "to_be_remade"}


def _recount_remedies(year: int) -> Counter:
    counts: Counter = Counter()
    for remedy in Remedy.objects.all():
        word = "reconsideration" if remedy.kind == "reconsideration" else "litigation"
        if remedy.filed_on.year == year:
            counts[word] += 1
        if remedy.outcome in CORRECTING and remedy.outcome_on and remedy.outcome_on.year == year:
            counts[f"{word}_corrected"] += 1
    counts["transferred"] = len(
        {t.case_id for t in JudicialTransfer.objects.all() if t.transferred_on.year == year}
    )
    for decision in Decision.objects.filter(category=PowerCategory.LICENSING):
        if decision.decided_on.year == year:
            counts[decision.licensing_outcome] += 1
    return counts


def test_licensing_remedies_and_transfers_match_a_recount_from_their_records(decided, cases, head):
    from sanxiang.decisions import services as decisions
    from sanxiang.decisions.choices import RemedyKind, RemedyOutcome

    a, b, c = cases
    licensing = PowerCategory.LICENSING
    decide(a, head, [], category=licensing, licensing_outcome="granted")
    decide(a, head, [], category=licensing, licensing_outcome="refused")
    decide(b, head, [], category=licensing, licensing_outcome="refused")
    decide(b, head, [], category=licensing, licensing_outcome="granted", on=dt.date(YEAR - 1, 5, 1))
    day = lambda month, d=1, y=YEAR: dt.date(y, month, d)  # noqa: E731
    plan = [  # decision, kind, filed, outcome, outcome day
        (decided[0], RemedyKind.RECONSIDERATION, day(7), RemedyOutcome.REVOKED, day(9)),
        (decided[1], RemedyKind.RECONSIDERATION, day(7, 5), RemedyOutcome.UPHELD, day(8)),
        (decided[2], RemedyKind.LITIGATION, day(7, 10), RemedyOutcome.CONFIRMED_ILLEGAL, day(10)),
        (decided[3], RemedyKind.LITIGATION, day(8), RemedyOutcome.WITHDRAWN, day(8, 20)),
        (decided[4], RemedyKind.LITIGATION, day(8), None, None),
        (decided[8], RemedyKind.LITIGATION, day(12, 31, YEAR - 1), RemedyOutcome.TO_BE_REMADE, day(2)),
        (decided[8], RemedyKind.RECONSIDERATION, day(1, 5), RemedyOutcome.CHANGED, day(3, 1, YEAR + 1)),
    ]  # fmt: skip
    for decision, kind, filed, outcome, on in plan:
        remedy = decisions.record_remedy(actor=head, decision=decision, kind=kind,
                                         filed_on=filed, body="东丽区人民政府")  # fmt: skip
        if outcome:
            decisions.record_remedy_outcome(actor=head, remedy=remedy, outcome=outcome, on=on,
                                            note="复议决定书／判决书")  # fmt: skip
    for case, on, organ in (
        (a, day(6), "公安分局"),
        (a, day(6, 2), "检察院"),
        (c, day(2, 1, YEAR + 1), "公安分局"),
    ):
        decisions.record_judicial_transfer(actor=head, case=case, transferred_on=on,
                                           organ=organ, offence="涉嫌非法经营罪")  # fmt: skip
    for year in (YEAR - 1, YEAR, YEAR + 1):
        expected = _recount_remedies(year)
        values = figures.compute(agency_ids=[a.agency_id], year=year)
        assert values["ext.reconsideration"] == expected["reconsideration"], year
        assert values["ext.reconsideration_corrected"] == expected["reconsideration_corrected"]
        assert values["ext.litigation"] == expected["litigation"], year
        assert values["ext.lost"] == expected["litigation_corrected"], year
        assert values["ext.transferred"] == expected["transferred"], year
        assert values["licensing.granted"] == expected["granted"], year
        assert values["licensing.refused"] == expected["refused"], year
    values = figures.compute(agency_ids=[a.agency_id], year=YEAR)
    assert (values["ext.reconsideration"], values["ext.reconsideration_corrected"]) == (3, 1)
    assert (values["ext.litigation"], values["ext.lost"]) == (3, 2)
    assert (values["ext.transferred"], values["licensing.refused"]) == (1, 2)
    assert figures.compute(agency_ids=[0], year=YEAR)["ext.litigation"] == 0  # other agencies
    assert values["ext.corrected"] == 3  # the decisions revoked / confirmed illegal / to redo


def test_officers_registered_after_the_year_count_by_their_credentials_in_people(
    decided, head, wanxin
):
    """Officers are entered into the platform long after they joined: one whose credential
    was valid on 31 December is on that year's roll. People are counted in 人, not 件, and
    the tables' headers are the report's own (not the review checklist's 审核项)."""
    from openpyxl import load_workbook

    Credential.objects.filter(officer__agency=wanxin).update(
        valid_from=dt.date(YEAR - 3, 1, 1), valid_to=dt.date(YEAR + 3, 1, 1)
    )
    numbers = figures.compute(agency_ids=[wanxin.pk], year=YEAR)
    assert numbers["ext.officers"] > 0
    assert numbers["ext.credentialed"] == numbers["ext.officers"]
    report = services.generate_report(actor=head, agency=wanxin, year=YEAR)
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(report))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert ("项目", "数值", "单位", "数据来源") in rows
    officers = next(r for r in rows if r and r[0] == "年末在编执法人员数")
    assert officers[1] == numbers["ext.officers"] and officers[2] == "人"
