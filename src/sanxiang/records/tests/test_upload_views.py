"""Recording uploads through the workbench: the JSON chunk protocol, the plain form, the page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sanxiang.ledger.models import Entry
from sanxiang.records.models import Recording, UploadSession
from sanxiang.records.tests.test_services import MP4, _upload


def _fields(officer, **extra):
    return {
        "collected_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "place": "万新街成林道12号", "collector": officer.officer.pk,
        "proves": "当事人占道经营的事实", "device": "执法记录仪 DSJ-001", "is_full": "on", **extra,
    }  # fmt: skip


def _start(client, case, officer, size=None):
    response = client.post(
        reverse("workbench:upload-start", args=[case.pk]),
        _fields(officer, filename="现场.mp4", size=len(MP4) if size is None else size),
    )
    assert response.status_code == 201, response.content.decode()
    return response.json()["token"]


def _chunk(client, token, offset, data):
    return client.post(
        reverse("workbench:upload", args=[token]) + f"?offset={offset}",
        data=data, content_type="application/octet-stream",
    )  # fmt: skip


def test_a_refused_start_names_each_field_for_the_script_to_mark(client, case, officer):
    client.force_login(officer)
    response = client.post(
        reverse("workbench:upload-start", args=[case.pk]),
        _fields(officer, place="", filename="现场.mp4", size=len(MP4)),
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["place"]
    assert "采集地点" in response.json()["error"]
    assert not UploadSession.objects.exists()


def test_a_broken_upload_resumes_from_the_byte_the_server_reports(client, case, officer, settings):
    client.force_login(officer)
    token = _start(client, case, officer)
    assert _chunk(client, token, 0, MP4[:4000]).json()["received"] == 4000
    # The connection broke; the browser asks where to resume.
    status = client.get(reverse("workbench:upload", args=[token])).json()
    assert status == {"received": 4000, "total": len(MP4), "state": "open",
                      "chunk_size": settings.RECORDS_CHUNK_BYTES}  # fmt: skip
    # A chunk sent twice is accepted when identical; a gap is refused with the resume point.
    assert _chunk(client, token, 2000, MP4[2000:4000]).status_code == 200
    gap = _chunk(client, token, 6000, MP4[6000:7000])
    assert gap.status_code == 400 and gap.json()["received"] == 4000
    assert "4000" in gap.json()["error"]
    assert _chunk(client, token, 4000, MP4[4000:]).json()["received"] == len(MP4)
    done = client.post(reverse("workbench:upload-finish", args=[token]))
    recording = Recording.objects.get()
    assert done.json()["url"] == recording.get_absolute_url()
    assert recording.is_full and recording.size == len(MP4)


def test_a_differing_repeated_chunk_is_refused_in_chinese(client, case, officer):
    client.force_login(officer)
    token = _start(client, case, officer)
    _chunk(client, token, 0, MP4[:1000])
    response = _chunk(client, token, 0, b"\x00" * 1000)
    assert response.status_code == 400 and "不一致" in response.json()["error"]


def test_a_disguised_file_is_refused_at_its_first_chunk(client, case, officer):
    client.force_login(officer)
    token = _start(client, case, officer, size=3000)
    response = _chunk(client, token, 0, b"%PDF-1.7\n" + b"x" * 2991)
    assert response.status_code == 400 and "不是音频或视频" in response.json()["error"]
    assert client.post(reverse("workbench:upload-finish", args=[token])).status_code == 400
    assert not Recording.objects.exists()


def test_missing_metadata_is_refused_before_any_byte(client, case, officer):
    client.force_login(officer)
    response = client.post(
        reverse("workbench:upload-start", args=[case.pk]),
        _fields(officer, filename="a.mp4", size=100, proves=""),
    )
    assert response.status_code == 400 and "证明对象" in response.json()["error"]
    assert not UploadSession.objects.exists()


def test_someone_elses_upload_is_not_found(client, case, officer, partner):
    client.force_login(officer)
    token = _start(client, case, officer)
    client.force_login(partner)
    assert _chunk(client, token, 0, MP4[:100]).status_code == 404


def test_the_plain_form_uploads_a_small_file_without_javascript(client, case, officer):
    client.force_login(officer)
    url = reverse("workbench:recording-new", args=[case.pk])
    assert "upload.js" in client.get(url).content.decode()
    file = SimpleUploadedFile("现场.mp4", MP4, content_type="application/octet-stream")
    response = client.post(url, {**_fields(officer), "file": file})
    recording = Recording.objects.get()
    assert response.status_code == 302 and response["Location"] == recording.get_absolute_url()
    assert Entry.objects.filter(seq=recording.ledger_seq, kind="records.recording").exists()


def test_the_plain_form_shows_a_disguised_file_beside_the_field(client, case, officer):
    client.force_login(officer)
    file = SimpleUploadedFile("现场.mp4", b"GIF89a" + b"\x00" * 500)
    response = client.post(
        reverse("workbench:recording-new", args=[case.pk]), {**_fields(officer), "file": file}
    )
    assert response.status_code == 200
    assert "不是音频或视频" in response.content.decode()


def test_the_recording_page_shows_hash_entry_and_player(client, case, officer):
    recording = _upload(officer, case)
    client.force_login(officer)
    page = client.get(recording.get_absolute_url()).content.decode()
    assert recording.digest in page and f"#{recording.ledger_seq}" in page
    assert "<video" in page


def test_the_file_is_served_whole_or_by_range(client, case, officer):
    recording = _upload(officer, case)
    client.force_login(officer)
    url = reverse("workbench:recording-file", args=[recording.pk])
    whole = client.get(url)
    assert b"".join(whole.streaming_content) == MP4
    assert "attachment" in whole["Content-Disposition"]
    part = client.get(url + "?play=1", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 100-199/{len(MP4)}"
    assert b"".join(part.streaming_content) == MP4[100:200]
    tail = client.get(url, headers={"Range": "bytes=-10"})
    assert b"".join(tail.streaming_content) == MP4[-10:]
    assert client.get(url, headers={"Range": f"bytes={len(MP4)}-"}).status_code == 416


@pytest.mark.parametrize("persona", ["reviewer", "supervisor", "other_officer"])
def test_only_handling_officers_open_the_upload_page(client, request, case, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("workbench:recording-new", args=[case.pk]))
    assert response.status_code == (404 if persona == "other_officer" else 403)
