"""A published decision is linked to the ledger: its entry, the hash of its text and the
inclusion proof, on the page and in the public JSON, checkable without Sanxiang's code."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from django.urls import reverse

from sanxiang.ledger import services as ledger
from sanxiang.ledger.tests.standalone import module
from sanxiang.publicity import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(publisher, draft):
    text = services.preview_redaction(publication=draft, persons=["李四"]).text
    return services.publish_decision(
        actor=publisher, publication=draft, redacted_text=text, persons=["李四"], confirmed=True
    )


def test_the_page_shows_the_ledger_entry_the_text_hash_and_the_proof_link(client, published):
    page = client.get(published.get_absolute_url()).content.decode()
    assert f"#{published.ledger_seq}" in page
    assert hashlib.sha256(published.redacted_text.encode()).hexdigest() in page
    assert f"{reverse('portal:ledger-inclusion')}?seq={published.ledger_seq}" in page


def test_a_citizen_links_the_published_text_to_a_signed_checkpoint(client, published):
    ledger.sign_tree_head()
    data = client.get(reverse("portal:decision-json", args=[published.public_id])).json()
    link = data["ledger"]
    # 1. The text read on the portal hashes to what the ledger entry records.
    digest = hashlib.sha256(data["text"].encode("utf-8")).hexdigest()
    record = json.loads(link["record"])
    assert digest == link["published_text_sha256"] == record["payload"]["published_sha256"]
    # 2. The entry is in the log: its inclusion proof leads to the signed checkpoint's root.
    proof = client.get(link["inclusion_proof"]).json()
    checkpoint = client.get(link["checkpoint"]).content
    notes, merkle = module("notes"), module("merkle")
    text, _signatures = notes.read_note(checkpoint)
    _origin, size, root, _ext = notes.read_checkpoint(text)
    assert proof["tree_size"] == size
    hashes = [bytes.fromhex(h) for h in proof["proof"]]
    assert merkle.included("sha256", link["record"].encode(), link["index"], size, hashes, root)
    assert base64.b64encode(root).decode() in checkpoint.decode()
    # An edited text no longer matches.
    assert hashlib.sha256((data["text"] + "。").encode()).hexdigest() != digest
