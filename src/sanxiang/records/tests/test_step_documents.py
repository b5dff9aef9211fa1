"""Documents that belong to a step, the case file that counts only those, and the A4 page."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document as WordDocument
from docx.shared import Length, Mm

from sanxiang.ledger.store import open_blob_by_hash
from sanxiang.records import archive, documents
from sanxiang.records.choices import DocumentType
from sanxiang.records.docx_standard import build
from sanxiang.records.models import Document


def test_a_proof_of_service_cannot_be_made_by_hand_before_any_decision(case, officer):
    """Rule "records.step_documents": 民事诉讼法 第八十七条 (送达回证)."""
    with pytest.raises(ValidationError) as excinfo:
        documents.generate_document(actor=officer, case=case, doc_type=DocumentType.SERVICE_RECEIPT)
    assert "records.step_documents" in excinfo.value.message_dict["doc_type"][0]
    assert not Document.objects.filter(case=case).exists()


def test_the_archive_check_does_not_count_a_hand_made_proof_of_service(case, officer):
    """Rule "records.step_documents": only the receipt made when the decision was served."""
    # As data made before the rule: a receipt with the method blank, made before any decision.
    hand_made = documents.create_document(
        actor=officer, case=case, doc_type=DocumentType.SERVICE_RECEIPT
    )
    assert hand_made.step == ""
    label = str(DocumentType.SERVICE_RECEIPT.label)
    assert label in archive.missing_for_archive(case)
    served = documents.create_document(
        actor=officer, case=case, doc_type=DocumentType.SERVICE_RECEIPT, step="decision.served"
    )
    assert label not in archive.missing_for_archive(case)
    rows = {row.doc_type: row.document for row in archive.archive_checklist(case)}
    assert rows[DocumentType.SERVICE_RECEIPT] == served


def _page(data: bytes):
    return WordDocument(io.BytesIO(data)).sections[0]


def _mm(*lengths) -> tuple[int, ...]:
    return tuple(round(Length(length).mm) for length in lengths)  # Word keeps twips


def _assert_official_page(section) -> None:
    assert _mm(section.page_width, section.page_height) == (210, 297)
    assert _mm(section.top_margin, section.left_margin) == (37, 28)
    assert _mm(section.page_width - section.left_margin - section.right_margin) == (156,)
    assert _mm(section.page_height - section.top_margin - section.bottom_margin) == (225,)


@pytest.mark.parametrize("doc_type", [DocumentType.PENALTY_NOTICE, DocumentType.SERVICE_RECEIPT])
def test_standard_templates_are_a4_with_the_official_margins(doc_type):
    """Rule "records.paper_size": GB/T 9704—2012 第5.2条."""
    _assert_official_page(_page(build(doc_type)))


def test_a_generated_document_is_a4_even_from_a_letter_size_template(case, officer):
    """Rule "records.paper_size": the page is set on every generated document."""
    template = documents.standard_template(DocumentType.FILING_APPROVAL)
    letter = WordDocument()
    letter.sections[0].page_width, letter.sections[0].page_height = Mm(216), Mm(279)
    letter.add_paragraph("{{ case.number }}")
    out = io.BytesIO()
    letter.save(out)
    from sanxiang.ledger.store import store_file

    blob = store_file(fileobj=io.BytesIO(out.getvalue()), actor=None, kind="records.template",
                      name="letter.docx", subject="records:standard-templates", payload={})  # fmt: skip
    template.digest = blob.digest
    template.save(update_fields=["digest"])
    document = documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.FILING_APPROVAL
    )
    with open_blob_by_hash(document.digest) as handle:
        _assert_official_page(_page(handle.read()))


def test_the_stored_standard_proof_of_service_states_the_deemed_service_date(db):
    template = documents.standard_template(DocumentType.SERVICE_RECEIPT)
    assert template.version >= 2
    with open_blob_by_hash(template.digest) as handle:
        text = "\n".join(p.text for p in WordDocument(io.BytesIO(handle.read())).paragraphs)
    assert "视为送达日期" in text
