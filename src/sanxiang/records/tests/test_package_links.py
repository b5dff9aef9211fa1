"""Who may get a case's evidence package: the head issues time-limited, revocable links for
the party or a court; each download is logged; staff and supervisors export in the workbench."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sanxiang.ledger.models import Entry, PackageDownload, PackageLink
from sanxiang.records import archive

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(case, head):
    link, token = archive.issue_package_link(
        actor=head,
        case=case,
        kind="court",
        recipient="东丽区人民法院（2026）津0110行初12号",
        days=7,
    )
    return link, token


def test_a_court_downloads_the_complete_package_through_its_link_and_it_is_logged(
    client, case, issued
):
    link, token = issued
    page = client.get(reverse("portal:ledger-package", args=[token]))
    assert page.status_code == 200 and case.number in page.content.decode()
    response = client.get(reverse("portal:ledger-package-download", args=[token]))
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert {"case.json", "checkpoint.txt", "verify_package.py"} <= set(names)
    download = PackageDownload.objects.get(link=link)
    issue = Entry.objects.get(seq=download.entry)
    assert issue.kind == "ledger.package_issued" and "东丽区人民法院" in issue.payload["recipient"]
    assert Entry.objects.filter(
        kind="ledger.package_link_issued", subject=f"case:{case.pk}"
    ).exists()


def test_a_revoked_or_expired_link_no_longer_works(client, case, head, issued):
    link, token = issued
    archive.revoke_package_link(actor=head, case=case, link=link, reason="诉讼已撤回")
    for name in ["portal:ledger-package", "portal:ledger-package-download"]:
        response = client.get(reverse(name, args=[token]))
        assert response.status_code == 404 and "已失效" in response.content.decode()
    assert not PackageDownload.objects.exists()
    other, token2 = archive.issue_package_link(actor=head, case=case, kind="party",
                                               recipient="张三", days=1)  # fmt: skip
    PackageLink.objects.filter(pk=other.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    assert client.get(reverse("portal:ledger-package", args=[token2])).status_code == 404
    assert client.get(reverse("portal:ledger-package", args=["guessed-token"])).status_code == 404


def test_only_the_head_issues_or_revokes_links(case, officer, head, issued):
    link, _token = issued
    with pytest.raises(PermissionDenied):
        archive.issue_package_link(actor=officer, case=case, kind="party", recipient="张三", days=7)
    with pytest.raises(PermissionDenied):
        archive.revoke_package_link(actor=officer, case=case, link=link, reason="x")


def test_a_link_is_limited_in_time_and_names_its_recipient(case, head):
    with pytest.raises(ValidationError):
        archive.issue_package_link(actor=head, case=case, kind="court", recipient="法院", days=90)
    with pytest.raises(ValidationError):
        archive.issue_package_link(actor=head, case=case, kind="court", recipient=" ", days=7)


def test_the_head_issues_a_link_on_the_workbench_and_sees_it_once(client, case, head):
    client.force_login(head)
    url = reverse("workbench:case-package-links", args=[case.pk])
    response = client.post(url, {"kind": "party", "recipient": "张三", "days": 7})
    assert response.status_code == 200
    page = response.content.decode()
    assert "/ledger/packages/" in page
    assert "/ledger/packages/" not in client.get(url).content.decode()  # shown only once


def test_an_officer_cannot_open_the_link_page(client, case, officer):
    client.force_login(officer)
    assert client.get(reverse("workbench:case-package-links", args=[case.pk])).status_code == 403
