"""The approval forms print the approvals the head actually gave (立案审批表, 结案审批表):
name, opinion and date from ``cases.CaseApproval``, otherwise a blank line — never "同意"."""

from __future__ import annotations

import io

from docx import Document as WordDocument

from sanxiang.cases import services as case_services
from sanxiang.cases.choices import ApprovalKind
from sanxiang.ledger.store import open_blob_by_hash
from sanxiang.records import documents, docx_standard
from sanxiang.records.choices import DocumentType, FilingStatus
from sanxiang.records.models import DocumentTemplate


def _text(document) -> str:
    with open_blob_by_hash(document.digest) as handle:
        data = handle.read()
    return "\n".join(p.text for p in WordDocument(io.BytesIO(data)).paragraphs)


def test_the_filing_form_is_blank_until_the_head_approves_then_prints_the_approval(
    case, officer, head
):
    before = _text(documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.FILING_APPROVAL))  # fmt: skip
    assert "同意" not in before
    assert "负责人审批意见：\n" in before + "\n"
    case_services.approve(actor=head, case=case, kind=ApprovalKind.FILING, opinion="同意立案调查。")
    after = _text(documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.FILING_APPROVAL))  # fmt: skip
    name = head.get_full_name() or head.get_username()
    today = case.filed_on
    assert "负责人审批意见：同意立案调查。" in after
    assert f"负责人（签名）：{name}" in after
    assert f"{today.year}年{today.month}月{today.day}日" in after


def test_an_old_standard_template_that_printed_an_approval_is_replaced(case, officer, head):
    word = WordDocument()
    word.add_paragraph("{{ case.number }} 负责人审批意见：同意结案。")
    data = io.BytesIO()
    word.save(data)
    old = documents._store_template(
        actor=None, agency=None, doc_type=DocumentType.CLOSING_APPROVAL, data=data.getvalue(),
        name="结案审批表.docx", status=FilingStatus.STANDARD,
    )  # fmt: skip
    assert old.version == 1
    current = documents.standard_template(DocumentType.CLOSING_APPROVAL)
    assert current != old
    assert current.version == docx_standard.REVISIONS[DocumentType.CLOSING_APPROVAL]
    assert documents.standard_template(DocumentType.CLOSING_APPROVAL) == current
    assert DocumentTemplate.objects.filter(agency=None).count() == 2


def test_the_extension_form_prints_the_provision_the_days_and_the_head_s_approval(
    case, officer, head
):
    """延期审批表 (行政处罚法 第六十条): the provision that allows the extension, the days it
    allows, the days added and the reason, with the approval the head gave in the system."""
    before = _text(documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.EXTENSION_APPROVAL))  # fmt: skip
    assert "本案没有延长期限" in before and "同意" not in before
    basis = "《市场监督管理行政处罚程序规定》第六十四条"
    case_services.extend_deadline(actor=head, case=case, days=20, reason="需检验鉴定",
                                  legal_basis=basis, allowed_days=30)  # fmt: skip
    after = _text(documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.EXTENSION_APPROVAL))  # fmt: skip
    assert f"依据：{basis}（该规定允许延长30日）" in after
    assert "延长20日" in after and "理由：需检验鉴定" in after
    name = head.get_full_name() or head.get_username()
    assert f"负责人（签名）：{name}" in after
