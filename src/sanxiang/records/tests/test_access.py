"""Supervised access (R7): readings logged, reasons asked, the log for supervisors, digests."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse

from sanxiang.ledger.models import Entry
from sanxiang.records.jobs import digest_access_log
from sanxiang.records.models import AccessDigest, AccessLog
from sanxiang.records.tests.test_services import _upload


def test_a_handlers_reading_is_logged_without_a_reason(client, case, officer):
    client.force_login(officer)
    assert client.get(case.get_absolute_url(), REMOTE_ADDR="10.1.2.3").status_code == 200
    row = AccessLog.objects.get()
    assert (row.user, row.case, row.action, row.address, row.reason) == (
        officer,
        case,
        "view",
        "10.1.2.3",
        "",
    )
    assert case.number in row.what


def test_a_supervisor_gives_a_reason_before_reading_and_it_is_logged(client, case, supervisor):
    client.force_login(supervisor)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 302 and "/access/" in response["Location"]
    assert not AccessLog.objects.exists()
    form = client.get(response["Location"])
    assert "说明调阅事由" in form.content.decode()
    done = client.post(response["Location"], {"reason": "2026年第二季度案卷评查"})
    assert done["Location"] == case.get_absolute_url()
    assert client.get(case.get_absolute_url()).status_code == 200
    assert AccessLog.objects.get().reason == "2026年第二季度案卷评查"


def test_a_reason_must_be_given(client, case, supervisor):
    client.force_login(supervisor)
    url = reverse("workbench:case-access", args=[case.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.get(case.get_absolute_url()).status_code == 302


def test_a_colleague_who_does_not_handle_the_case_gives_a_reason(client, case, wanxin, urban):
    from sanxiang.cases.tests.factories import qualified_officer_user

    client.force_login(qualified_officer_user(wanxin, urban, "colleague"))
    assert client.get(case.get_absolute_url()).status_code == 302


def test_a_sensitive_recording_asks_even_the_handler(client, case, officer):
    recording = _upload(officer, case)
    recording.is_sensitive = True
    recording.save(update_fields=["is_sensitive"])
    client.force_login(officer)
    response = client.get(recording.get_absolute_url())
    assert response.status_code == 302 and "Recording" in response["Location"]
    client.post(response["Location"], {"reason": "核对当事人陈述"})
    assert client.get(recording.get_absolute_url()).status_code == 200
    # The reason holds for that recording only, and the download is logged too.
    client.get(reverse("workbench:recording-file", args=[recording.pk]))
    rows = list(AccessLog.objects.filter(object_kind="recording").values_list("action", "reason"))
    assert sorted(rows) == [("download", "核对当事人陈述"), ("view", "核对当事人陈述")]


def test_supervisors_and_the_head_see_the_access_log(client, case, officer, supervisor, head):
    client.force_login(officer)
    client.get(case.get_absolute_url())
    url = reverse("workbench:case-access-log", args=[case.pk])
    assert client.get(url).status_code == 403
    for reader in (supervisor, head):
        client.force_login(reader)
        page = client.get(url).content.decode()
        assert officer.full_name in page or str(officer) in page


def test_tick_appends_a_digest_of_new_rows_once(client, case, officer):
    client.force_login(officer)
    client.get(case.get_absolute_url())
    client.get(case.get_absolute_url())
    assert "2 rows" in digest_access_log()
    digest = AccessDigest.objects.get()
    entry = Entry.objects.get(seq=digest.ledger_seq)
    assert entry.kind == "records.access_digest" and digest.digest in entry.record
    assert "0 rows" in digest_access_log()
    client.get(case.get_absolute_url())
    call_command("tick")
    assert AccessDigest.objects.count() == 2
