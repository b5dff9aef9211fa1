"""Checkpoints at stable URLs, the verifier key on /ledger/, and the cosignature submission
endpoint refusing whatever does not verify (nothing stored)."""

from __future__ import annotations

import io

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from sanxiang.ledger import note, selectors, services, signing, witnessing
from sanxiang.ledger.models import Cosignature
from sanxiang.ledger.tests.standalone import module

pytestmark = pytest.mark.django_db
WITNESS_NAME = "sfj.example.test/w1"


@pytest.fixture
def checkpoint():
    for i in range(3):
        services.append(kind="k", payload={"i": i}, actor=None, subject="case:1")
    services.sign_tree_head()
    return selectors.latest_checkpoint()


@pytest.fixture
def witness_key():
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes_raw()
    vkey = note.verifier_key(WITNESS_NAME, public, note.COSIGNATURE_ED25519)
    witnessing.register_witness(actor=None, label="东丽区司法局", key=str(vkey))
    return key


def _vkey() -> str:
    return signing.verifier_key(selectors.current_key().public_key)


def test_the_latest_checkpoint_is_a_signed_note_verified_independently(client, checkpoint):
    response = client.get("/ledger/checkpoint")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    notes = module("notes")
    text, signatures = notes.read_note(response.content)
    origin, size, root, _ext = notes.read_checkpoint(text)
    key = notes.read_key(_vkey())
    assert (origin, size, root) == (key.name, 3, bytes(checkpoint.root))
    assert notes.signature_ok(key, text, signatures[0][2])
    assert client.get("/ledger/checkpoints/3").content == response.content
    assert client.get("/ledger/checkpoints/4").status_code == 404


def test_the_ledger_page_links_the_checkpoint_and_shows_the_verifier_key(client, checkpoint):
    page = client.get(reverse("portal:ledger")).content.decode()
    assert 'href="/ledger/checkpoint"' in page
    assert _vkey() in page
    assert client.get("/ledger/verifier-key").content.decode().strip() == _vkey()


def test_a_head_signed_before_checkpoints_gets_one_at_the_next_signing():
    services.append(kind="k", payload={}, actor=None, subject="")
    head = services.sign_tree_head()
    from sanxiang.ledger.tests.conftest import triggers_suspended

    with triggers_suspended() as connection, connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_checkpoint")  # as before this feature
    assert services.sign_tree_head() == head
    assert selectors.checkpoint_of_size(head.size).root == head.root


def test_the_origin_cannot_change_once_checkpoints_exist(settings, checkpoint):
    settings.LEDGER_ORIGIN, settings.LEDGER_ORIGIN_CONFIGURED = "another.example/log", True
    services.append(kind="k", payload={}, actor=None, subject="")
    with pytest.raises(ImproperlyConfigured, match="cannot change"):
        services.sign_tree_head()


def test_a_demo_without_a_configured_origin_keeps_the_one_its_checkpoints_carry(
    settings, checkpoint
):
    settings.LEDGER_ORIGIN = "demo.sanxiang.invalid/restored-elsewhere"  # a new VAR_DIR's
    services.append(kind="k", payload={}, actor=None, subject="")
    services.sign_tree_head()
    assert selectors.latest_checkpoint().origin == checkpoint.origin


def _post(client, body: str):
    return client.post(
        "/ledger/witness/add-cosignature", data=body.encode(), content_type="text/plain"
    )


def _cosigned(checkpoint, key, *, text=None, name=WITNESS_NAME) -> str:
    signed = note.parse_note(checkpoint.note)
    line = note.cosign(text or checkpoint.text, name=name, key=key, timestamp=1_700_000_000)
    return note.Note(signed.text, (*signed.signatures, line)).encode()


def test_a_registered_witness_cosignature_is_stored_and_published(client, checkpoint, witness_key):
    response = _post(client, _cosigned(checkpoint, witness_key))
    assert response.status_code == 200, response.content
    assert Cosignature.objects.count() == 1
    published = client.get("/ledger/checkpoint").content.decode()
    assert f"— {WITNESS_NAME} " in published
    page = client.get(reverse("portal:ledger")).content.decode()
    assert "东丽区司法局" in page
    assert _post(client, _cosigned(checkpoint, witness_key)).status_code == 200  # idempotent
    assert Cosignature.objects.count() == 1


@pytest.mark.parametrize(
    ("tamper", "status", "message"),
    [
        ("garbage", 400, "检查点格式错误"),
        ("unknown", 403, "没有已登记见证方的见证签名"),
        ("bad-signature", 403, "东丽区司法局 的见证签名无效"),
        ("not-ours", 404, "本账本没有签发过该检查点"),
    ],
)
def test_bad_submissions_are_refused_and_nothing_is_stored(
    client, checkpoint, witness_key, tamper, status, message
):
    if tamper == "garbage":
        body = "not a note"
    elif tamper == "unknown":
        body = _cosigned(checkpoint, Ed25519PrivateKey.generate(), name="stranger.example/w")
    elif tamper == "bad-signature":
        body = _cosigned(checkpoint, Ed25519PrivateKey.generate())  # registered name, other key
        body = body.replace(note.parse_note(body).signatures[-1].line, "")
        line = note.cosign(checkpoint.text, name=WITNESS_NAME, key=witness_key, timestamp=1)
        forged = note.Signature(line.name, line.id, line.data[:-1] + bytes([line.data[-1] ^ 1]))
        body += forged.line
    else:
        other = note.Checkpoint(checkpoint.origin, 3, bytes(32)).text
        body = note.Note(other, (note.cosign(other, name=WITNESS_NAME, key=witness_key,
                                             timestamp=1),)).encode()  # fmt: skip
    response = _post(client, body)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Cosignature.objects.exists()


def test_only_a_cosignature_key_can_be_registered():
    key = str(note.verifier_key("x.example/w", Ed25519PrivateKey.generate().public_key()
                                .public_bytes_raw()))  # fmt: skip
    with pytest.raises(witnessing.WitnessError, match="0x04"):
        witnessing.register_witness(actor=None, label="x", key=key)
    with pytest.raises(witnessing.WitnessError, match="格式错误"):
        witnessing.register_witness(actor=None, label="x", key="x+1+2")


def test_the_witness_command_prints_its_own_key(settings, tmp_path):
    settings.WITNESS_DEMO_KEY_PATH = tmp_path / "w.pem"
    out = io.StringIO()
    call_command("witness", "--show-key", stdout=out)
    assert note.parse_verifier_key(out.getvalue()).sig_type == note.COSIGNATURE_ED25519


def test_ledger_verify_checks_every_checkpoint(checkpoint):
    from sanxiang.ledger.tests.conftest import triggers_suspended
    from sanxiang.ledger.verify import verify_ledger

    assert verify_ledger().ok
    forged = checkpoint.note.replace("\n3\n", "\n2\n", 1)
    with triggers_suspended() as connection, connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_checkpoint SET note = %s WHERE size = 3", [forged])
    report = verify_ledger()
    assert [f.kind for f in report.faults] == ["checkpoint-signature"]
    assert "3 条的检查点" in str(report.faults[0])
