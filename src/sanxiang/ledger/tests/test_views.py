"""Ledger pages: the public portal page, proofs (HTML and JSON), and the workbench."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from sanxiang.ledger import merkle, services
from sanxiang.ledger.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def heads():
    services.append_many(
        [services.Draft(kind="k", payload={"n": i}, subject="case:1") for i in range(5)]
    )
    first = services.sign_tree_head()
    services.append_many([services.Draft(kind="k", payload={"n": i}) for i in range(5, 12)])
    return first, services.sign_tree_head()


def test_the_portal_shows_the_latest_head_history_key_and_how_to_verify(client, heads):
    _first, latest = heads
    response = client.get(reverse("portal:ledger"))
    assert response.status_code == 200
    html = response.content.decode()
    assert bytes(latest.root).hex() in html
    assert bytes(heads[0].root).hex() in html
    assert latest.key_id in html
    assert "BEGIN PUBLIC KEY" in html
    assert "verify_package.py" in html
    assert "如何核验" in html  # the page speaks Chinese by default


def test_the_portal_page_works_before_anything_is_signed(client, db):
    response = client.get(reverse("portal:ledger"))
    assert response.status_code == 200


def test_a_head_page_shows_the_exact_signed_text(client, heads):
    latest = heads[1]
    response = client.get(reverse("portal:ledger-head", args=[latest.size]))
    assert f"size: {latest.size}" in response.content.decode()
    assert client.get(reverse("portal:ledger-head", args=[999])).status_code == 404


def test_an_inclusion_proof_from_the_api_verifies_against_the_signed_root(client, heads):
    latest = heads[1]
    response = client.get(reverse("portal:ledger-inclusion-json"), {"seq": 7})
    data = response.json()
    record = Entry.objects.get(seq=7).record.encode()
    proof = [bytes.fromhex(h) for h in data["proof"]]
    assert data["tree_size"] == latest.size
    assert merkle.verify_inclusion(record, 7, latest.size, proof, bytes(latest.root))
    assert data["leaf_hash"] == merkle.leaf_hash(record).hex()


def test_an_inclusion_proof_against_an_older_head_is_available(client, heads):
    first = heads[0]
    data = client.get(reverse("portal:ledger-inclusion-json"), {"seq": 2, "size": 5}).json()
    proof = [bytes.fromhex(h) for h in data["proof"]]
    record = Entry.objects.get(seq=2).record.encode()
    assert merkle.verify_inclusion(record, 2, 5, proof, bytes(first.root))


@pytest.mark.parametrize(
    ("params", "status"),
    [({"seq": 12}, 404), ({"seq": 1, "size": 6}, 404), ({"seq": "x"}, 400), ({}, 400)],
)
def test_an_impossible_inclusion_proof_is_refused(client, heads, params, status):
    assert client.get(reverse("portal:ledger-inclusion-json"), params).status_code == status


def test_a_consistency_proof_from_the_api_verifies(client, heads):
    first, latest = heads
    data = client.get(reverse("portal:ledger-consistency-json"), {"old": 5}).json()
    proof = [bytes.fromhex(h) for h in data["proof"]]
    assert merkle.verify_consistency(5, 12, bytes(first.root), bytes(latest.root), proof)
    assert data["new"]["size"] == 12


def test_the_proof_pages_show_a_checked_proof(client, heads):
    page = client.get(reverse("portal:ledger-inclusion"), {"seq": 3}).content.decode()
    assert "status-ok" in page
    page = client.get(reverse("portal:ledger-consistency"), {"old": 5}).content.decode()
    assert "status-ok" in page
    assert client.get(reverse("portal:ledger-consistency"), {"old": 6}).status_code == 404


def test_the_heads_json_lists_every_head_with_its_signature(client, heads):
    data = client.get(reverse("portal:ledger-heads-json")).json()
    assert [h["size"] for h in data["heads"]] == [12, 5]
    assert all(h["signature"] for h in data["heads"])
    assert client.get(reverse("portal:ledger-latest-json")).json()["size"] == 12


def test_the_public_key_is_downloadable(client, db):
    response = client.get(reverse("portal:ledger-public-key"))
    assert response.content.startswith(b"-----BEGIN PUBLIC KEY-----")


WORKBENCH = [
    ("workbench:ledger-entries", "view_entry"),
    ("workbench:ledger-export", "export_package"),
]


@pytest.mark.parametrize(("name", "_perm"), WORKBENCH)
def test_the_workbench_pages_send_anonymous_visitors_to_sign_in(client, db, name, _perm):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(("name", "_perm"), WORKBENCH)
def test_staff_without_the_ledger_permission_are_refused(client, officer, name, _perm):
    client.force_login(officer)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize(("name", "perm"), WORKBENCH)
def test_staff_given_the_ledger_permission_may_enter(client, supervisor, heads, name, perm):
    supervisor.user_permissions.add(Permission.objects.get(codename=perm))
    client.force_login(supervisor)
    assert client.get(reverse(name)).status_code == 200


def test_an_evidence_package_downloads_from_the_workbench(client, superuser, heads):
    client.force_login(superuser)
    response = client.post(reverse("workbench:ledger-export"), {"entries": "3, 7"})
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert {"manifest.json", "verify_package.py", "README.txt", "entries/3.json"} <= set(names)
    bad = client.post(reverse("workbench:ledger-export"), {"entries": "3, 99"})
    assert bad.status_code == 200 and "entries/" not in bad.content.decode()
