"""Recordings: chunked resumable uploads, content sniffing, metadata, mandatory recording."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sanxiang.cases import services as case_services
from sanxiang.cases.choices import ActKind, ActStatus, ServiceMethod
from sanxiang.cases.tests.factories import earlier_today
from sanxiang.ledger.models import Entry
from sanxiang.ledger.store import open_blob_by_hash
from sanxiang.records import services
from sanxiang.records.models import Recording, RecordingRule

# The start of an ISO base-media (MP4) file: an 'ftyp' box, then filler standing for frames.
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 40


def _metadata(officer):
    return {
        "collected_at": timezone.localtime().replace(microsecond=0).isoformat(),
        "place": "万新街成林道12号", "collector_id": officer.officer.pk,
        "proves": "当事人占道经营的事实及查封扣押过程", "device": "执法记录仪 DSJ-001",
    }  # fmt: skip


def _seizure(case, officer):
    return case_services.record_act(
        actor=officer, case=case, kind=ActKind.SEIZURE,
        started_at=earlier_today(hours=1), place="万新街成林道12号",
        summary="查封扣押经营工具", officers=list(case.officers.all()),
    )  # fmt: skip


def _upload(officer, case, data=MP4, act=None, chunk=1000, is_full=True):
    session = services.start_upload(
        actor=officer, case=case, act=act, filename="现场.mp4", total_size=len(data),
        metadata=_metadata(officer),
    )  # fmt: skip
    for offset in range(0, len(data), chunk):
        services.append_chunk(
            actor=officer, session=session, offset=offset, data=data[offset : offset + chunk]
        )
    return services.finish_upload(actor=officer, session=session, is_full=is_full)


def test_the_standard_list_makes_seizure_and_demolition_mandatory(db):
    mandatory = set(
        RecordingRule.objects.filter(requirement="mandatory").values_list("act_kind", flat=True)
    )
    assert mandatory == {ActKind.SEIZURE, ActKind.DEMOLITION}
    assert RecordingRule.objects.filter(service_method=ServiceMethod.LEFT).exists()


def test_a_recording_is_stored_under_its_hash_and_in_the_ledger(case, officer):
    recording = _upload(officer, case)
    assert recording.media_type == "video/mp4"
    with open_blob_by_hash(recording.digest) as handle:
        assert handle.read() == MP4
    entry = Entry.objects.get(seq=recording.ledger_seq)
    assert entry.kind == "records.recording" and entry.blob == recording.digest
    assert "证明" not in entry.kind and "当事人占道经营" in entry.record


def test_a_seizure_cannot_be_completed_without_its_full_video(case, officer):
    act = _seizure(case, officer)
    with pytest.raises(ValidationError) as excinfo:
        case_services.complete_act(actor=officer, act=act, ended_at=timezone.now())
    assert "查封扣押" in " ".join(excinfo.value.messages)
    _upload(officer, case, act=act, is_full=False)
    with pytest.raises(ValidationError):
        case_services.complete_act(actor=officer, act=act, ended_at=timezone.now())
    _upload(officer, case, data=MP4 + b"full", act=act, is_full=True)
    act = case_services.complete_act(actor=officer, act=act, ended_at=timezone.now())
    assert act.status == ActStatus.COMPLETED


def test_an_inactive_rule_no_longer_blocks(case, officer):
    RecordingRule.objects.filter(act_kind=ActKind.SEIZURE).update(is_active=False)
    act = _seizure(case, officer)
    act = case_services.complete_act(actor=officer, act=act, ended_at=timezone.now())
    assert act.status == ActStatus.COMPLETED


def test_a_disguised_file_is_refused_and_nothing_is_kept(case, officer):
    fake = b"%PDF-1.7\n" + b"x" * 2000
    with pytest.raises(ValidationError) as excinfo:
        _upload(officer, case, data=fake)
    assert "不是音频或视频" in " ".join(excinfo.value.messages)
    assert Recording.objects.count() == 0
    assert not Entry.objects.filter(kind="records.recording").exists()


def test_a_repeated_chunk_is_accepted_once_and_a_gap_is_refused(case, officer):
    session = services.start_upload(
        actor=officer, case=case, filename="a.mp4", total_size=len(MP4), metadata=_metadata(officer)
    )
    assert services.append_chunk(actor=officer, session=session, offset=0, data=MP4[:500]) == 500
    assert services.append_chunk(actor=officer, session=session, offset=0, data=MP4[:500]) == 500
    with pytest.raises(ValidationError) as excinfo:
        services.append_chunk(actor=officer, session=session, offset=900, data=MP4[900:1000])
    assert "500" in " ".join(excinfo.value.messages)
    with pytest.raises(ValidationError):
        services.append_chunk(actor=officer, session=session, offset=0, data=b"different" * 10)


def test_an_unfinished_upload_cannot_become_a_recording_and_can_resume(case, officer):
    session = services.start_upload(
        actor=officer, case=case, filename="a.mp4", total_size=len(MP4), metadata=_metadata(officer)
    )
    services.append_chunk(actor=officer, session=session, offset=0, data=MP4[:1000])
    with pytest.raises(ValidationError) as excinfo:
        services.finish_upload(actor=officer, session=session)
    assert "未上传完" in " ".join(excinfo.value.messages)
    services.append_chunk(actor=officer, session=session, offset=1000, data=MP4[1000:])
    recording = services.finish_upload(actor=officer, session=session)
    assert recording.size == len(MP4)


@pytest.mark.parametrize("missing", ["place", "proves", "device", "collected_at"])
def test_every_recording_needs_its_metadata(case, officer, missing):
    metadata = {**_metadata(officer), missing: ""}
    with pytest.raises(ValidationError) as excinfo:
        services.start_upload(
            actor=officer, case=case, filename="a.mp4", total_size=10, metadata=metadata
        )
    assert missing in excinfo.value.error_dict


def test_an_oversized_file_is_refused_before_any_byte_is_sent(case, officer, settings):
    settings.RECORDS_MAX_UPLOAD_BYTES = 1024**3
    with pytest.raises(ValidationError) as excinfo:
        services.start_upload(
            actor=officer, case=case, filename="a.mp4", total_size=1024**3 + 1,
            metadata=_metadata(officer),
        )  # fmt: skip
    assert "1 GB" in " ".join(excinfo.value.messages)


@pytest.mark.parametrize("persona", ["reviewer", "supervisor", "other_officer"])
def test_only_handling_officers_upload(request, case, persona, officer):
    with pytest.raises(PermissionDenied):
        services.start_upload(
            actor=request.getfixturevalue(persona), case=case, filename="a.mp4",
            total_size=10, metadata=_metadata(officer),
        )  # fmt: skip


def test_an_abandoned_upload_is_removed_by_the_tick_and_a_live_one_kept(case, officer, settings):
    import os
    import time

    from sanxiang.records.jobs import remove_abandoned_uploads
    from sanxiang.records.models import UploadSession

    settings.RECORDS_UPLOAD_ABANDONED_HOURS = 24
    sessions = []
    for _ in range(2):
        session = services.start_upload(
            actor=officer, case=case, filename="a.mp4", total_size=len(MP4),
            metadata=_metadata(officer),
        )  # fmt: skip
        services.append_chunk(actor=officer, session=session, offset=0, data=MP4[:1000])
        sessions.append(session)
    abandoned, live = sessions
    two_days_ago = time.time() - 2 * 86400
    os.utime(services.staging_path(abandoned), (two_days_ago, two_days_ago))
    assert remove_abandoned_uploads() == "abandoned uploads removed: 1 (1000 bytes)"
    assert not services.staging_path(abandoned).exists()
    assert list(UploadSession.objects.values_list("pk", flat=True)) == [live.pk]
    assert services.staging_path(live).exists()
