"""Evidence items, the archive completeness guard, frozen files and corrections, the export."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanxiang.cases import services as case_services
from sanxiang.cases.choices import Stage, Transition
from sanxiang.ledger.models import Entry
from sanxiang.ledger.selectors import current_key
from sanxiang.ledger.signing import verifier_key
from sanxiang.records import archive, documents, evidence
from sanxiang.records.choices import DocumentType, EvidenceKind

# The smallest valid PNG (1×1 pixel).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _photo(officer, case, data=PNG, kind=EvidenceKind.PHOTO):
    return evidence.add_evidence(
        actor=officer, case=case, fileobj=io.BytesIO(data), filename="现场.png", kind=kind,
        title="现场照片", collected_on=dt.date.today(), description="占道摊位",
    )  # fmt: skip


def _terminated(case, head):
    return case_services.transition_case(
        actor=head, case=case, transition=Transition.TERMINATE, reason="违法事实不能成立"
    )


def test_an_evidence_item_is_hashed_and_in_the_ledger(case, officer):
    item = _photo(officer, case)
    assert item.media_type == "image/png" and item.size == len(PNG)
    entry = Entry.objects.get(seq=item.ledger_seq)
    assert entry.kind == "records.evidence" and entry.blob == item.digest


def test_a_disguised_photo_is_refused(case, officer):
    with pytest.raises(ValidationError) as excinfo:
        _photo(officer, case, data=b"MZ\x90\x00" + b"\x00" * 300)
    assert "不是图片" in " ".join(excinfo.value.messages)


def test_archiving_lists_what_the_file_lacks_then_freezes_it(case, officer, head):
    case = _terminated(case, head)
    with pytest.raises(ValidationError) as excinfo:
        case_services.transition_case(actor=officer, case=case, transition=Transition.ARCHIVE)
    message = " ".join(excinfo.value.messages)
    assert "立案审批表" in message and "结案审批表" in message
    for doc_type in (DocumentType.FILING_APPROVAL, DocumentType.CLOSING_APPROVAL):
        documents.generate_document(actor=officer, case=case, doc_type=doc_type)
    case = case_services.transition_case(actor=officer, case=case, transition=Transition.ARCHIVE)
    assert case.stage == Stage.ARCHIVED
    with pytest.raises(ValidationError):
        documents.generate_document(actor=officer, case=case, doc_type=DocumentType.EVIDENCE_LIST)
    with pytest.raises(ValidationError):
        _photo(officer, case)


def test_a_general_case_needs_its_decision_and_service_documents():
    assert "行政处罚决定书" in [
        str(DocumentType(t).label) for t in archive.REQUIRED_DOCUMENTS["general"]
    ]


def _archived(case, officer, head):
    case = _terminated(case, head)
    for doc_type in (DocumentType.FILING_APPROVAL, DocumentType.CLOSING_APPROVAL):
        documents.generate_document(actor=officer, case=case, doc_type=doc_type)
    return case_services.transition_case(actor=officer, case=case, transition=Transition.ARCHIVE)


def test_only_the_head_appends_a_correction_and_it_is_in_the_ledger(case, officer, head):
    case = _archived(case, officer, head)
    with pytest.raises(PermissionDenied):
        archive.append_correction(actor=officer, case=case, content="更正", reason="笔误")
    correction = archive.append_correction(
        actor=head, case=case, content="当事人地址应为万新街2号", reason="立案审批表笔误"
    )
    assert Entry.objects.get(seq=correction.ledger_seq).kind == "records.correction"


def test_the_exported_case_file_verifies_on_its_own(case, officer, head, tmp_path):
    _photo(officer, case)
    case = _archived(case, officer, head)
    data = archive.export_case_file(case=case)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        index = json.loads(package.read("case.json"))
        manifest = json.loads(package.read("manifest.json"))
    assert {"manifest.json", "case.json", "verify_package.py"} <= set(names)
    # Every entry of the case, the package's own issuing entry included.
    assert len(manifest["entries"]) == Entry.objects.filter(subject=f"case:{case.pk}").count()
    for item in index["documents"] + index["evidence"]:
        assert item["file"] in names
    path = tmp_path / "case.zip"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as package:
        package.extractall(tmp_path / "unpacked")
    key = verifier_key(current_key().public_key)
    result = subprocess.run(
        [sys.executable, str(tmp_path / "unpacked" / "verify_package.py"), "--key", key, str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "证据包完整" in result.stdout


def test_the_case_page_shows_missing_items_and_the_export_is_logged(client, case, officer):
    client.force_login(officer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "归档前" in page and "立案审批表" in page
    response = client.get(reverse("workbench:case-export", args=[case.pk]))
    assert response["Content-Type"] == "application/zip"
    from sanxiang.records.models import AccessLog

    assert AccessLog.objects.filter(action="export", case=case).exists()


def test_an_officer_adds_a_photo_on_the_page(client, case, officer):
    client.force_login(officer)
    response = client.post(
        reverse("workbench:evidence-new", args=[case.pk]),
        {"kind": "photo", "title": "现场照片", "collected_on": dt.date.today().isoformat(),
         "file": SimpleUploadedFile("a.png", PNG)},
    )  # fmt: skip
    assert response.status_code == 302
    item = case.evidence.get()
    assert client.get(reverse("workbench:evidence-file", args=[item.pk])).status_code == 200
