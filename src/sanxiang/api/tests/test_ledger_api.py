"""Ledger endpoints: signed heads and proofs that an outsider can verify with RFC 9162."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.test import Client

from sanxiang.ledger import merkle, signing
from sanxiang.ledger import services as ledger
from sanxiang.ledger.models import Entry, SignedHead

pytestmark = pytest.mark.django_db


@pytest.fixture
def log():
    """Seven entries, heads signed at sizes 3 and 7."""
    for n in range(7):
        ledger.append(kind="test.entry", payload={"n": n}, actor=None, subject=f"t:{n}")
        if n in (2, 6):
            ledger.sign_tree_head()
    return list(Entry.objects.order_by("seq"))


def test_heads_are_listed_newest_first_and_their_signatures_verify(log):
    response = Client().get("/api/v1/ledger/heads/")
    assert response.status_code == 200
    heads = response.json()["results"]
    assert [h["size"] for h in heads] == [7, 3]
    stored = SignedHead.objects.get(size=7)
    head = heads[0]
    message = signing.head_message(
        origin=head["origin"], algorithm=head["algorithm"], size=head["size"],
        root=bytes.fromhex(head["root"]), signed_at=stored.signed_at,
    )  # fmt: skip
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(head["public_key"]))
    key.verify(base64.b64decode(head["signature"]), message)  # raises if forged


def test_the_latest_head_and_a_head_by_size(log):
    assert Client().get("/api/v1/ledger/heads/latest/").json()["size"] == 7
    assert Client().get("/api/v1/ledger/heads/3/").json()["size"] == 3
    assert Client().get("/api/v1/ledger/heads/4/").status_code == 404


def test_no_latest_head_before_anything_is_signed(db):
    response = Client().get("/api/v1/ledger/heads/latest/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_an_inclusion_proof_verifies_against_the_signed_root(log):
    response = Client().get("/api/v1/ledger/proofs/inclusion/", {"seq": 4, "size": 7})
    assert response.status_code == 200
    data = response.json()
    proof = [bytes.fromhex(item) for item in data["proof"]]
    root = bytes.fromhex(data["head"]["root"])
    assert merkle.verify_inclusion(log[4].record.encode(), 4, 7, proof, root)
    assert not merkle.verify_inclusion(log[3].record.encode(), 4, 7, proof, root)


def test_a_consistency_proof_links_the_older_head_to_the_newer(log):
    response = Client().get("/api/v1/ledger/proofs/consistency/", {"old": 3})
    assert response.status_code == 200
    data = response.json()
    old, new = bytes.fromhex(data["old"]["root"]), bytes.fromhex(data["new"]["root"])
    proof = [bytes.fromhex(item) for item in data["proof"]]
    assert data["new"]["size"] == 7
    assert merkle.verify_consistency(3, 7, old, new, proof)


@pytest.mark.parametrize(
    ("url", "query", "status"),
    [
        ("inclusion", {"seq": 7, "size": 7}, 404),  # not in that head
        ("inclusion", {"seq": 0, "size": 5}, 404),  # no head of size 5
        ("inclusion", {"seq": -1}, 400),
        ("inclusion", {"seq": "x"}, 400),
        ("inclusion", {}, 400),
        ("consistency", {"old": 7, "new": 3}, 404),
        ("consistency", {"old": 0}, 400),
        ("consistency", {"old": 10**30}, 400),
    ],
)
def test_impossible_proofs_are_refused_with_the_error_body(log, url, query, status):
    response = Client().get(f"/api/v1/ledger/proofs/{url}/", query)
    assert response.status_code == status
    assert set(response.json()["error"]) >= {"code", "message", "message_en"}
