"""Demo records (``sanxiang load-demo``): the documents, photos and recordings of the demo cases.

For each case of ``cases.demo.STORIES``: the 立案审批表 on its filing day, the 现场检查笔录 of
its inspection, the 行政处罚事先告知书 when the party was notified, a photo, and for a few
cases a short audio recording of the inspection made here in code (a valid WAV file: no
external tool needed). A case closed without penalty gets its 结案审批表 and is archived.
Idempotent: a case that already has its 立案审批表 is left alone.
"""

from __future__ import annotations

import io
import math
import struct
from typing import Any

from django.utils import timezone

from sanxiang.agencies.models import User
from sanxiang.cases import demo as cases_demo
from sanxiang.cases import services as case_services
from sanxiang.cases.choices import ActKind, ApprovalKind, Procedure, Transition
from sanxiang.cases.models import Act, Case
from sanxiang.records import documents, evidence, services
from sanxiang.records.choices import DocumentType, EvidenceKind
from sanxiang.records.models import Document

# The smallest valid PNG (1×1 pixel): the demo's 现场照片 (its bytes are what is hashed).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
RATE = 8000


def tiny_wav(seconds: float = 1.0, tone: float = 440.0) -> bytes:
    """A valid mono 8-bit PCM WAV file of a soft tone (browsers play it)."""
    count = int(RATE * seconds)
    samples = bytes(128 + int(40 * math.sin(2 * math.pi * tone * n / RATE)) for n in range(count))
    fmt = struct.pack("<HHIIHH", 1, 1, RATE, RATE, 1, 8)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(samples)) + samples
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _recording(case: Case, act: Act, lead: User, index: int) -> None:
    assert lead.officer is not None
    data = tiny_wav(1.0 + index % 3 * 0.5, 330.0 + 55 * (index % 5))
    metadata = {
        "collected_at": act.started_at.isoformat(), "place": act.place,
        "collector_id": lead.officer.pk, "proves": f"现场检查情况：{case.title}",
        "device": "执法记录仪 DSJ-V9（音频）", "is_full": True,
    }  # fmt: skip
    services.upload_file(
        actor=lead, case=case, act=act, fileobj=io.BytesIO(data), size=len(data),
        filename=f"{case.number}-现场检查录音.wav", metadata=metadata,
    )  # fmt: skip


def _records(story: cases_demo.Story, case: Case, index: int) -> None:
    lead = cases_demo.lead_of(case)
    head = User.objects.filter(username="wx_head").first()
    if head is not None:  # the head approves the filing; the form prints it
        case_services.approve(
            actor=head, case=case, kind=ApprovalKind.FILING, opinion="同意立案。", on=story.filed
        )
    documents.generate_document(
        actor=lead, case=case, doc_type=DocumentType.FILING_APPROVAL, on=story.filed
    )
    act = case.acts.filter(kind=ActKind.INSPECTION).first()
    if act is not None:
        day = timezone.localdate(act.started_at)
        documents.generate_document(
            actor=lead, case=case, doc_type=DocumentType.INSPECTION_RECORD, act=act, on=day
        )
        evidence.add_evidence(
            actor=lead, case=case, act=act, fileobj=io.BytesIO(PNG), filename="现场照片.png",
            kind=EvidenceKind.PHOTO, title="现场照片", collected_on=day,
            description=f"{story.place}现场情况", source="执法人员拍摄",
        )  # fmt: skip
        if story.recording:
            _recording(case, act, lead, index)
    if case.notified_on is not None and case.procedure != Procedure.SUMMARY:
        documents.generate_document(
            actor=lead, case=case, doc_type=DocumentType.PENALTY_NOTICE, on=case.notified_on
        )
    if story.goal == cases_demo.Goal.TERMINATED and case.closed_on is not None:
        if head is not None:
            case_services.approve(
                actor=head, case=case, kind=ApprovalKind.CLOSING, opinion="同意结案。",
                on=case.closed_on,
            )  # fmt: skip
        documents.generate_document(
            actor=lead, case=case, doc_type=DocumentType.CLOSING_APPROVAL, on=case.closed_on
        )
        case_services.transition_case(
            actor=lead, case=case, transition=Transition.ARCHIVE, on=story.on("archive")
        )


def load(*, stdout: Any) -> None:
    made = 0
    for index, story in enumerate(cases_demo.stories()):
        case = cases_demo.find(story)
        if case is None or Document.objects.filter(case=case).exists():
            continue
        _records(story, case, index)
        made += 1
    stdout.write(f"演示文书、证据和音像记录：{made} 件案件。")
