"""Documents (R1): the standard set, numbering, evidence store and ledger, adapted templates
with their filing, broken placeholders refused, downloads."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as WordDocument

from sanxiang.ledger.models import Entry
from sanxiang.ledger.store import open_blob_by_hash
from sanxiang.records import documents, pdf
from sanxiang.records.choices import DocumentType, FilingStatus
from sanxiang.records.docx_standard import build


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in WordDocument(io.BytesIO(data)).paragraphs)


def _docx(*lines: str) -> bytes:
    document = WordDocument()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("doc_type", DocumentType.values)
def test_every_standard_template_passes_the_upload_check_and_sets_a_cjk_font(doc_type):
    data = build(doc_type)
    documents.check_template(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert 'w:eastAsia="宋体"' in archive.read("word/document.xml").decode()


def test_a_document_is_numbered_filled_stored_and_in_the_ledger(case, officer):
    from sanxiang.cases.tests.factories import serve_notice, to_proposal

    serve_notice(to_proposal(case, officer), officer)  # the notice's content (第四十四条)
    document = documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.PENALTY_NOTICE
    )
    year = dt.date.today().year
    assert document.number == f"万新街罚告〔{year}〕1号"
    with open_blob_by_hash(document.digest) as handle:
        text = _text(handle.read())
    assert "行政处罚事先告知书" in text and document.number in text
    assert "张三" in text and "五个工作日" in text and "{{" not in text
    entry = Entry.objects.get(seq=document.ledger_seq)
    assert entry.kind == "records.document" and entry.blob == document.digest
    again = documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.PENALTY_NOTICE
    )
    assert again.number == f"万新街罚告〔{year}〕2号"


@pytest.mark.parametrize(
    ("lines", "words"),
    [
        (["案号：{{ case.number "], "占位符有误"),
        (["{% if party.name %}没有结束"], "占位符有误"),
        (["案号：{{ case.numbr }}"], "无法识别"),
        (["{{ officer_name }}"], "无法识别"),
    ],
)
def test_a_template_with_a_broken_placeholder_is_refused(wanxin, head, lines, words):
    with pytest.raises(ValidationError) as excinfo:
        documents.upload_template(
            actor=head, agency=wanxin, doc_type=DocumentType.PENALTY_NOTICE,
            fileobj=io.BytesIO(_docx(*lines)), filename="告知书.docx",
        )  # fmt: skip
    assert words in " ".join(excinfo.value.messages)
    assert not documents.DocumentTemplate.objects.filter(agency=wanxin).exists()


def test_a_file_that_is_not_word_is_refused(wanxin, head):
    with pytest.raises(ValidationError) as excinfo:
        documents.upload_template(
            actor=head, agency=wanxin, doc_type=DocumentType.PENALTY_NOTICE,
            fileobj=io.BytesIO(b"%PDF-1.4 not a docx"), filename="告知书.docx",
        )  # fmt: skip
    assert "Word" in " ".join(excinfo.value.messages)


def test_an_adaptation_is_used_only_once_filed(case, officer, head, supervisor, wanxin):
    adapted = documents.upload_template(
        actor=head, agency=wanxin, doc_type=DocumentType.PENALTY_NOTICE,
        fileobj=io.BytesIO(_docx("万新街专用告知书 {{ document.number }}", "{{ party.name }}")),
        filename="告知书（万新街）.docx",
    )  # fmt: skip
    assert adapted.status == FilingStatus.UNFILED and adapted.version == 1
    first = documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.PENALTY_NOTICE
    )
    assert first.template.status == FilingStatus.STANDARD
    documents.record_filing(
        actor=supervisor,
        template=adapted,
        filed_on=dt.date.today(),
        filing_number="东司备〔2026〕7号",
    )
    second = documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.PENALTY_NOTICE
    )
    assert second.template == adapted
    with open_blob_by_hash(second.digest) as handle:
        assert "万新街专用告知书" in _text(handle.read())
    assert Entry.objects.filter(kind="records.template_filed").count() == 1


def test_only_handlers_make_documents_and_only_the_head_or_admin_upload_templates(
    case, reviewer, officer, wanxin
):
    with pytest.raises(PermissionDenied):
        documents.generate_document(actor=reviewer, case=case, doc_type=DocumentType.PENALTY_NOTICE)
    with pytest.raises(PermissionDenied):
        documents.upload_template(
            actor=officer, agency=wanxin, doc_type=DocumentType.PENALTY_NOTICE,
            fileobj=io.BytesIO(build(DocumentType.PENALTY_NOTICE)), filename="a.docx",
        )  # fmt: skip


def test_an_officer_makes_and_downloads_a_document_on_the_case_page(
    client, case, officer, settings
):
    settings.RECORDS_SOFFICE = "no-such-soffice-here"
    client.force_login(officer)
    assert "制作文书" in client.get(case.get_absolute_url()).content.decode()
    response = client.post(
        reverse("workbench:document-new", args=[case.pk]), {"doc_type": "filing_approval"}
    )
    document = case.documents.get()
    assert response["Location"] == document.get_absolute_url()
    page = client.get(document.get_absolute_url()).content.decode()
    assert document.number in page and "未安装 LibreOffice" in page
    file = client.get(reverse("workbench:document-file", args=[document.pk]))
    assert "立案审批表" in _text(b"".join(file.streaming_content))
    assert ".docx" in file["Content-Disposition"]


def test_a_broken_template_upload_shows_the_chinese_message_beside_the_field(client, head):
    client.force_login(head)
    upload = SimpleUploadedFile("坏模板.docx", _docx("{{ case.number "))
    response = client.post(
        reverse("workbench:document-template-new"), {"doc_type": "penalty_notice", "file": upload}
    )
    assert response.status_code == 200 and "占位符有误" in response.content.decode()


@pytest.mark.skipif(pdf.soffice() is None, reason="LibreOffice is not installed here")
def test_a_document_converts_to_pdf_where_libreoffice_is_installed(case, officer):
    document = documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.PENALTY_NOTICE
    )
    with open_blob_by_hash(document.digest) as handle:
        assert pdf.docx_to_pdf(handle.read()).startswith(b"%PDF")
