"""Decision documents, and whole cases taken from filing to archive through the services."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument

from sanxiang.cases import services as cases
from sanxiang.cases.choices import ActKind, Procedure, ServiceMethod, Stage, Transition
from sanxiang.cases.tests.factories import hear, open_case, serve_notice
from sanxiang.decisions import services
from sanxiang.decisions.choices import ExecutionKind, PaymentChannel, PaymentStatus, PenaltyType
from sanxiang.ledger.models import Entry
from sanxiang.ledger.store import open_blob_by_hash
from sanxiang.records import documents
from sanxiang.records.archive import missing_for_archive
from sanxiang.records.choices import DocumentType
from sanxiang.records.models import Document
from sanxiang.review import services as review
from sanxiang.review.choices import OpinionKind
from sanxiang.review.tests.builders import NO, all_pass, materials, proposal


def text_of(document: Document) -> str:
    with open_blob_by_hash(document.digest) as handle:
        word = WordDocument(io.BytesIO(handle.read()))
    return "\n".join(p.text for p in word.paragraphs)


def data(fine: str = "2000") -> services.DecisionData:
    return services.DecisionData(
        facts="于万新街成林道占用城市道路摆摊设点。", content="罚款人民币二千元。",
        legal_basis="《天津市市容和环境卫生管理条例》第六十一条",
        penalty_types=[PenaltyType.FINE], fine=Decimal(fine), discretion_reasoning="初次违法",
    )  # fmt: skip


def ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def inspect(case, officer, partner, day: dt.date):
    act = cases.record_act(
        actor=officer, case=case, kind=ActKind.INSPECTION, started_at=at(day), place="成林道",
        summary="现场检查，当事人占道摆摊。", officers=[officer.officer, partner.officer],
    )  # fmt: skip
    return cases.complete_act(actor=officer, act=act, ended_at=at(day, 11), outcome="责令改正")


def test_the_decision_is_written_in_its_document_with_the_decision_number(passed_case, head):
    case = passed_case
    decision = services.make_decision(actor=head, case=case, data=data())
    document = decision.document
    assert document is not None and document.doc_type == DocumentType.PENALTY_DECISION
    assert document.number == decision.number and document.case_id == case.pk
    text = text_of(document)
    assert "罚款人民币二千元" in text and "2,000.00" in text and "初次违法" in text
    assert Entry.objects.filter(kind="records.document", subject=f"case:{case.pk}").exists()


def test_an_officer_cannot_make_a_decision_document_without_the_decision(case, officer):
    with pytest.raises(ValidationError):
        documents.generate_document(
            actor=officer, case=case, doc_type=DocumentType.PENALTY_DECISION
        )
    assert not Document.objects.filter(case=case).exists()


def test_a_general_case_goes_from_filing_to_archive_through_the_services(
    officer, partner, power_item, head, reviewer, reviewer_record, client
):
    filed = ago(80)
    case = open_case(officer, power_item, partner, filed_on=filed)
    documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.FILING_APPROVAL, on=filed
    )
    case = cases.transition_case(
        actor=officer, case=case, transition=Transition.START_INVESTIGATION, on=ago(79)
    )
    inspect(case, officer, partner, ago(79))
    case = cases.transition_case(
        actor=officer, case=case, transition=Transition.CONCLUDE_INVESTIGATION, on=ago(70)
    )
    serve_notice(case, officer, on=ago(68))
    hear(case, officer, on=ago(66))
    case.refresh_from_db()
    documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.PENALTY_NOTICE, on=ago(68)
    )
    review.assess_applicability(actor=officer, case=case, answers=NO)
    item = review.submit_for_review(
        actor=officer, case=case, proposal=proposal(), materials=materials(),
        responsibility_confirmed=True, on=ago(60),
    )  # fmt: skip
    assert item.accepted_on == ago(60)
    review.give_opinion(
        actor=reviewer, review=item, kind=OpinionKind.AGREE, marks=all_pass(), on=ago(57)
    )
    decision = services.make_decision(actor=head, case=case, data=data(), on=ago(55))
    assert decision.document is not None and decision.document.number == decision.number
    assert str(ago(55).year) in decision.number
    service = services.serve_decision(
        actor=officer, decision=decision, method=ServiceMethod.DIRECT, served_on=ago(54),
        recipient="张三",
    )  # fmt: skip
    assert service.receipt is not None and service.receipt.doc_type == DocumentType.SERVICE_RECEIPT
    receipt = text_of(service.receipt)
    assert decision.number in receipt and "直接送达" in receipt and "张三" in receipt
    services.record_payment(
        actor=officer, decision=decision, amount=Decimal("2000"), paid_on=ago(50),
        channel=PaymentChannel.BANK, receipt_number="FS2025000123",
    )  # fmt: skip
    services.record_execution(
        actor=officer, decision=decision, kind=ExecutionKind.PERFORMED, on=ago(50)
    )
    case = cases.transition_case(actor=officer, case=case, transition=Transition.CLOSE, on=ago(49))
    assert missing_for_archive(case) == [str(DocumentType.CLOSING_APPROVAL.label)]
    documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.CLOSING_APPROVAL, on=ago(49)
    )
    case = cases.transition_case(
        actor=officer, case=case, transition=Transition.ARCHIVE, on=ago(48)
    )
    decision.refresh_from_db()
    assert case.stage == Stage.ARCHIVED and case.archived_on == ago(48)
    assert decision.payment_status == PaymentStatus.PAID
    client.force_login(head)
    page = client.get(reverse("workbench:decision", kwargs={"decision_id": decision.pk}))
    assert decision.document.number in page.content.decode()
    assert service.receipt.number in page.content.decode()


def test_a_summary_case_is_decided_on_the_spot_and_archived(officer, partner, power_item, head):
    case = open_case(officer, power_item, partner, procedure=Procedure.SUMMARY, filed_on=ago(20))
    act = cases.record_act(
        actor=officer, case=case, kind=ActKind.ON_THE_SPOT_PENALTY, started_at=at(ago(20)),
        place="成林道", summary="当场查明占道摆摊，出示证件，告知陈述申辩权利。",
        officers=[officer.officer, partner.officer],
    )  # fmt: skip
    cases.complete_act(actor=officer, act=act, ended_at=at(ago(20), 11))
    case = cases.transition_case(
        actor=officer, case=case, transition=Transition.DECIDE_ON_THE_SPOT, on=ago(20)
    )
    decision = services.make_decision(actor=head, case=case, data=data("100"), on=ago(20))
    assert decision.document is not None
    assert decision.document.doc_type == DocumentType.SUMMARY_DECISION
    assert "100.00" in text_of(decision.document)
    services.serve_decision(
        actor=officer, decision=decision, method=ServiceMethod.DIRECT, served_on=ago(20),
        recipient="张三",
    )  # fmt: skip
    case = cases.transition_case(actor=officer, case=case, transition=Transition.CLOSE, on=ago(19))
    assert missing_for_archive(case) == []
    case = cases.transition_case(
        actor=officer, case=case, transition=Transition.ARCHIVE, on=ago(19)
    )
    assert case.stage == Stage.ARCHIVED


def test_a_decision_number_already_used_by_a_document_is_refused(passed_case, head):
    documents.create_document(
        actor=head,
        case=passed_case,
        doc_type=DocumentType.EVIDENCE_LIST,
        number="万新街罚决〔2026〕9号",
    )
    with pytest.raises(ValidationError):
        services.make_decision(
            actor=head, case=passed_case,
            data=services.DecisionData(**{**data().__dict__, "number": "万新街罚决〔2026〕9号"}),
        )  # fmt: skip
    passed_case.refresh_from_db()
    assert passed_case.stage == Stage.DECISION


@pytest.fixture
def passed_case(case, officer, reviewer, reviewer_record):
    for transition in (Transition.START_INVESTIGATION, Transition.CONCLUDE_INVESTIGATION):
        case = cases.transition_case(actor=officer, case=case, transition=transition)
    serve_notice(case, officer)
    hear(case, officer)
    case.refresh_from_db()
    review.assess_applicability(actor=officer, case=case, answers=NO)
    item = review.submit_for_review(
        actor=officer, case=case, proposal=proposal(), materials=materials(),
        responsibility_confirmed=True,
    )  # fmt: skip
    review.give_opinion(actor=reviewer, review=item, kind=OpinionKind.AGREE, marks=all_pass())
    case.refresh_from_db()
    return case


def test_the_penalty_decision_carries_what_article_59_lists(passed_case, head):
    """行政处罚法 第五十九条: the party's name and address; the facts and evidence; the penalty's
    type and basis; how and by when to perform it; how and within which periods to seek
    reconsideration or sue; the deciding agency's name and the date."""
    case = passed_case
    party = case.parties.get()
    decision = services.make_decision(actor=head, case=case, data=data())
    text = text_of(decision.document)
    assert party.name in text
    if party.address:
        assert party.address in text
    assert data().facts in text  # the facts
    assert "罚款" in text and "《天津市市容和环境卫生管理条例》第六十一条" in text
    assert "十五日内" in text  # 第六十七条: paid within 15 days of receipt
    assert "六十日内" in text and "六个月内" in text and "人民政府" in text  # remedies, body
    assert case.agency.name in text
    day = decision.decided_on
    assert f"{day.year}年{day.month}月{day.day}日" in text
