"""The notice documents print what the prior notice says (行政处罚法 第四十四条、第六十三条、
第六十四条), with the periods the system enforces: one test per template reads the .docx."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document as WordDocument

from sanxiang.cases import hearings
from sanxiang.cases.choices import PenaltyType, ResponseKind
from sanxiang.cases.tests.factories import open_case, serve_notice, to_proposal
from sanxiang.ledger.store import open_blob_by_hash
from sanxiang.records import documents
from sanxiang.records.choices import DocumentType
from sanxiang.records.context import chinese_number


def _text(document) -> str:
    with open_blob_by_hash(document.digest) as handle:
        word = WordDocument(io.BytesIO(handle.read()))
    return "\n".join(p.text for p in word.paragraphs)


def _ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def _notified(case, officer, **kwargs):
    return serve_notice(to_proposal(case, officer, kwargs.get("on")), officer, **kwargs)


def test_chinese_numbers_for_periods():
    assert [chinese_number(n) for n in (1, 5, 7, 10, 15, 20, 21)] == [
        "一", "五", "七", "十", "十五", "二十", "二十一"
    ]  # fmt: skip


def test_the_prior_notice_prints_penalty_amount_facts_reasons_basis_and_the_period(
    case, officer, settings
):
    """Rule "penalty.notice.content": the 事先告知书 says what the notice record says, and the
    statement period it prints is the one the system enforces (legal review B5)."""
    settings.CASES_STATEMENT_WORKING_DAYS = 7
    _notified(case, officer, fine="3000", reasons="占道经营影响通行，经责令未改正。")
    text = _text(documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.PENALTY_NOTICE))  # fmt: skip
    assert "行政处罚事先告知书" in text
    assert "拟处罚款人民币3000元" in text and "罚款3,000.00元" in text
    assert "当事人于万新街成林道占道经营水果摊" in text
    assert "占道经营影响通行，经责令未改正" in text
    assert "《天津市市容和环境卫生管理条例》第六十一条" in text
    assert "七个工作日内" in text and "五个工作日" not in text
    assert "有权要求听证" not in text  # a 3,000 yuan fine on a person: no hearing right
    assert "{{" not in text


def test_the_prior_notice_tells_the_hearing_right_when_article_63_applies(case, officer):
    """Rule "penalty.hearing.right": confiscation of a large amount gives the hearing right."""
    _notified(case, officer, fine=None, penalties=[PenaltyType.CONFISCATE_GAINS],
              confiscated_gains=Decimal("15000"), content="拟没收违法所得。")  # fmt: skip
    text = _text(documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.PENALTY_NOTICE))  # fmt: skip
    assert "没收违法所得15,000.00元" in text
    assert "有权要求听证" in text and "没收较大数额违法所得" in text and "五个工作日内" in text


def test_the_hearing_notice_prints_the_proposal_grounds_and_periods(case, officer):
    _notified(case, officer, fine="20000")
    text = _text(documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.HEARING_NOTICE))  # fmt: skip
    assert "行政处罚听证告知书" in text
    assert "罚款20,000.00元" in text and "拟处罚款人民币20000元" in text
    assert "较大数额罚款" in text and "五个工作日内提出" in text and "七日前" in text
    assert "违法事实清楚" in text and "第六十一条" in text


def test_the_hearing_record_prints_who_presided_when_where_and_what_was_said(
    officer, partner, power_item
):
    case = open_case(officer, power_item, partner, filed_on=_ago(60))
    _notified(case, officer, fine="20000", on=_ago(40))
    hearings.record_response(actor=officer, case=case, kind=ResponseKind.HEARING_REQUEST,
                             on=_ago(39))  # fmt: skip
    from sanxiang.cases.party_rights import earliest_hearing_day

    day = earliest_hearing_day(_ago(30))
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))
    hearing = hearings.schedule_hearing(
        actor=officer, case=case, scheduled_at=start, place="万新街道办事处听证室",
        party_notified_on=_ago(30), presiding="法制员赵敏",
    )  # fmt: skip
    hearings.record_hearing(actor=officer, hearing=hearing, held_on=day,
                            summary="当事人到场，对违法事实无异议，请求减轻罚款。")  # fmt: skip
    text = _text(documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.HEARING_RECORD))  # fmt: skip
    assert "听证笔录" in text and "法制员赵敏" in text and "万新街道办事处听证室" in text
    assert "当事人到场，对违法事实无异议" in text and "09:30" in text


@pytest.mark.parametrize("doc_type", [DocumentType.PENALTY_NOTICE, DocumentType.HEARING_NOTICE])
def test_without_a_notice_record_the_documents_leave_no_placeholder(case, officer, doc_type):
    text = _text(documents.generate_document(actor=officer, case=case, doc_type=doc_type))
    assert "{{" not in text and "{%" not in text


def test_the_case_file_lists_the_notice_the_response_and_the_hearing_with_their_entries(
    officer, partner, power_item
):
    """Requests, waivers and hearings are records of the case file and the ledger."""
    import json
    import zipfile

    from sanxiang.cases.party_rights import earliest_hearing_day
    from sanxiang.records import archive

    case = open_case(officer, power_item, partner, filed_on=_ago(60))
    _notified(case, officer, fine="20000", on=_ago(40))
    hearings.record_response(actor=officer, case=case, kind=ResponseKind.HEARING_REQUEST,
                             on=_ago(39))  # fmt: skip
    day = earliest_hearing_day(_ago(30))
    hearing = hearings.schedule_hearing(
        actor=officer, case=case, party_notified_on=_ago(30), place="听证室", presiding="赵敏",
        scheduled_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30))),
    )  # fmt: skip
    hearings.record_hearing(actor=officer, hearing=hearing, held_on=day, summary="听证笔录内容")
    with zipfile.ZipFile(io.BytesIO(archive.export_case_file(case=case))) as package:
        index = json.loads(package.read("case.json"))
    assert index["prior_notices"][0]["fine"] == "20000.00"
    assert index["party_responses"][0]["kind"] == "hearing_request"
    assert index["hearings"][0]["record"] == "听证笔录内容" and index["hearings"][0]["entry"]
