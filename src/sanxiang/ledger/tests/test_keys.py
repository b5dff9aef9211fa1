"""Signing-key rotation: several keys with their periods, each head checked against the key
that signed it, every key published, packages from before and after a rotation verify."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import IntegrityError, InternalError, OperationalError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from sanxiang.ledger import package, selectors, services, signing
from sanxiang.ledger.choices import FaultKind
from sanxiang.ledger.models import Entry, SignedHead, SigningKey
from sanxiang.ledger.tests.conftest import triggers_suspended
from sanxiang.ledger.tests.standalone import run_verifier
from sanxiang.ledger.verify import verify_ledger

pytestmark = pytest.mark.django_db


def _grow(n: int) -> None:
    services.append_many(
        [services.Draft(kind="test.event", payload={"n": i}, subject="c:1") for i in range(n)]
    )


def _faults() -> set[tuple[str, str]]:
    with translation.override("en"):
        return {(fault.kind, fault.target) for fault in verify_ledger().faults}


def _key_of(key: Ed25519PrivateKey) -> str:
    return signing.key_id(signing.raw_public_key(key))


def _forge_head(key: Ed25519PrivateKey, signed_at: dt.datetime) -> SignedHead:
    """A head over the log as it is, signed with ``key`` at ``signed_at`` and inserted."""
    size, root, algorithm = services.current_root()
    public = signing.raw_public_key(key)
    message = signing.head_message(
        origin="sanxiang", algorithm=algorithm, size=size, root=root, signed_at=signed_at
    )
    return SignedHead.objects.create(
        size=size, root=root, algorithm=algorithm, origin="sanxiang", signed_at=signed_at,
        key_id=signing.key_id(public), public_key=public, signature=key.sign(message),
    )  # fmt: skip


@pytest.fixture
def rotated(superuser):
    """Heads signed with a first key, a rotation, then a head signed with the new key."""
    _grow(4)
    first_head = services.sign_tree_head()
    old_key = signing.private_key()
    rotation = services.rotate_signing_key(actor=superuser, reason="年度更换", operator="ops")
    _grow(3)
    later_head = services.sign_tree_head()
    return old_key, first_head, rotation, later_head


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("keykeeper", password="x")


def test_a_rotation_retires_the_old_key_records_itself_and_signs_with_the_new_key(rotated):
    old_key, first_head, rotation, later_head = rotated
    old_id = _key_of(old_key)
    assert rotation.old.key_id == old_id == first_head.key_id
    new_id = rotation.new.key_id
    assert new_id != old_id
    # The demo key file now holds the new key; the old private key is gone from it.
    assert _key_of(signing.private_key()) == new_id
    keys = selectors.signing_keys()
    assert [k.key_id for k in keys] == [old_id, new_id]
    assert keys[0].valid_until == keys[1].valid_from == rotation.new.valid_from
    assert keys[1].current and not keys[0].current
    assert keys[0].valid_from <= first_head.signed_at < keys[0].valid_until
    # The rotation is a ledger entry: old and new key, who, when, why.
    entry = Entry.objects.get(seq=rotation.entry.seq)
    assert entry.kind == services.ROTATION_KIND
    assert entry.actor_name == "keykeeper"
    assert entry.payload["old_key_id"] == old_id and entry.payload["new_key_id"] == new_id
    assert entry.payload["reason"] == "年度更换" and entry.payload["operator"] == "ops"
    assert entry.payload["valid_from"] == signing.format_time(rotation.new.valid_from)
    # A head is signed with the new key at once, covering the rotation entry.
    assert rotation.head.key_id == new_id and rotation.head.size == entry.seq + 1
    assert rotation.head.signed_at == rotation.new.valid_from
    assert later_head.key_id == new_id


def test_old_and_new_heads_all_verify_after_a_rotation(rotated):
    report = verify_ledger()
    assert report.ok, [str(f) for f in report.faults]
    assert report.heads == 3
    assert {h.key_id for h in SignedHead.objects.all()} == {
        k.key_id for k in selectors.signing_keys()
    }


def test_two_rotations_keep_every_head_valid(rotated):
    services.rotate_signing_key(actor=None, reason="second", operator="")
    _grow(1)
    services.sign_tree_head()
    assert len(selectors.signing_keys()) == 3
    assert verify_ledger().ok


def test_a_head_forged_with_the_retired_key_after_its_retirement_is_named(rotated):
    old_key, *_ = rotated
    _grow(2)
    forged = _forge_head(old_key, timezone.now().replace(microsecond=0))
    faults = _faults()
    assert faults == {(FaultKind.HEAD_KEY_NOT_VALID, f"signed head at size {forged.size}")}
    with translation.override("en"):
        assert _key_of(old_key) in str(verify_ledger().faults[0])


def test_a_head_signed_by_an_unknown_key_is_named(rotated):
    _grow(2)
    forged = _forge_head(Ed25519PrivateKey.generate(), timezone.now().replace(microsecond=0))
    assert _faults() == {(FaultKind.HEAD_KEY_UNKNOWN, f"signed head at size {forged.size}")}


def test_a_head_claiming_a_known_key_with_a_bad_signature_is_named(rotated):
    _grow(2)
    stranger = Ed25519PrivateKey.generate()
    forged = _forge_head(stranger, timezone.now().replace(microsecond=0))
    new = selectors.current_key()
    with triggers_suspended(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ledger_signedhead SET key_id = %s, public_key = %s WHERE size = %s",
            [new.key_id, new.public_key, forged.size],
        )
    assert _faults() == {(FaultKind.HEAD_SIGNATURE, f"signed head at size {forged.size}")}


def test_a_key_slipped_into_the_key_table_without_a_rotation_entry_is_named(rotated):
    stranger = Ed25519PrivateKey.generate()
    public = signing.raw_public_key(stranger)
    SigningKey.objects.create(
        key_id=signing.key_id(public),
        public_key=public,
        valid_from=timezone.now() + dt.timedelta(hours=1),
    )
    assert _faults() == {(FaultKind.KEY_UNRECORDED, f"signing key {signing.key_id(public)}")}


def test_signing_keys_are_append_only(rotated):
    with pytest.raises((IntegrityError, InternalError, OperationalError)), transaction.atomic():
        SigningKey.objects.filter(key_id=rotated[2].old.key_id).update(
            valid_from=timezone.now() + dt.timedelta(days=1)
        )
    with pytest.raises((IntegrityError, InternalError, OperationalError)), transaction.atomic():
        SigningKey.objects.all().delete()


def test_a_key_changed_without_a_rotation_is_refused_by_signing(settings, tmp_path):
    _grow(1)
    services.sign_tree_head()
    settings.LEDGER_DEMO_KEY_PATH = tmp_path / "other" / "key.pem"
    _grow(1)
    with pytest.raises(ImproperlyConfigured, match="rotate-key"):
        services.sign_tree_head()


def test_production_rotates_to_the_newly_configured_key(settings):
    first = signing.generate_pem().decode()
    settings.LEDGER_SIGNING_KEY = first
    _grow(2)
    services.sign_tree_head()
    second = signing.generate_pem().decode()
    settings.LEDGER_SIGNING_KEY = second
    _grow(1)
    with pytest.raises(ImproperlyConfigured):
        services.sign_tree_head()  # not before the rotation is recorded
    rotation = services.rotate_signing_key(actor=None, reason="compromised laptop")
    assert rotation.new.key_id == _key_of(signing.load_private_key(second))
    assert rotation.old.key_id == _key_of(signing.load_private_key(first))
    with pytest.raises(services.RotationError, match="already registered"):
        services.rotate_signing_key(actor=None, reason="again")
    assert verify_ledger().ok


def test_production_refuses_to_rotate_before_any_key_is_registered(settings):
    settings.LEDGER_SIGNING_KEY = signing.generate_pem().decode()
    with pytest.raises(services.RotationError, match="no signing key is registered"):
        services.rotate_signing_key(actor=None, reason="x")


def test_a_ledger_from_before_rotation_registers_its_key_from_its_first_head():
    _grow(2)
    head = services.sign_tree_head()
    # As an upgraded installation: heads exist, no key registered.
    with triggers_suspended(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_signingkey")
    keys = selectors.signing_keys()
    assert not keys[0].registered and keys[0].valid_from == head.signed_at
    assert verify_ledger().ok
    _grow(1)
    services.sign_tree_head()
    assert SigningKey.objects.get().valid_from == head.signed_at
    assert verify_ledger().ok


def test_a_rotation_needs_a_reason_and_leaves_nothing_when_refused():
    _grow(1)
    services.sign_tree_head()
    key_file = signing.private_key()
    with pytest.raises(services.RotationError):
        services.rotate_signing_key(actor=None, reason="  ")
    assert _key_of(signing.private_key()) == _key_of(key_file)
    assert SigningKey.objects.count() == 1


def test_the_rotate_key_command(superuser):
    _grow(1)
    services.sign_tree_head()
    out = io.StringIO()
    call_command("ledger", "rotate-key", "--reason", "scheduled", "--user", "keykeeper", stdout=out)
    new = selectors.current_key()
    assert new.key_id in out.getvalue()
    assert Entry.objects.filter(kind=services.ROTATION_KIND).get().actor_name == "keykeeper"
    with pytest.raises(CommandError):
        call_command("ledger", "rotate-key", "--reason", "x", "--user", "nobody", stdout=out)
    code = 0
    try:
        call_command("ledger", "verify", stdout=io.StringIO())
    except CommandError as exc:
        code = exc.returncode
    assert code == 0


def test_the_portal_json_and_api_publish_every_key_with_its_period(rotated, client):
    _old_key, _first, rotation, _later = rotated
    old, new = rotation.old.key_id, rotation.new.key_id
    html = client.get(reverse("portal:ledger")).content.decode()
    assert old in html and new in html
    heads = client.get(reverse("portal:ledger-heads-json")).json()
    assert heads["public_key"] == signing.b64(rotation.new.public_key)  # unchanged field
    start = signing.format_time(rotation.new.valid_from)
    assert heads["keys"] == [
        {
            "key_id": old,
            "public_key": signing.b64(rotation.old.public_key),
            "verifier_key": signing.verifier_key(rotation.old.public_key),
            "valid_from": signing.format_time(rotation.old.valid_from),
            "valid_until": start,
        },
        {
            "key_id": new,
            "public_key": signing.b64(rotation.new.public_key),
            "verifier_key": signing.verifier_key(rotation.new.public_key),
            "valid_from": start,
            "valid_until": None,
        },
    ]
    assert Client().get("/api/v1/ledger/keys/").json() == heads["keys"]
    pem = client.get(reverse("portal:ledger-public-key"), {"key": old}).content.decode()
    assert pem == signing.public_key_pem(rotation.old.public_key)
    current = client.get(reverse("portal:ledger-public-key")).content.decode()
    assert current == signing.public_key_pem(rotation.new.public_key)
    assert client.get(reverse("portal:ledger-public-key"), {"key": "nope"}).status_code == 404


def _unpack(data: bytes, folder):
    zipfile.ZipFile(io.BytesIO(data)).extractall(folder)
    return folder


def test_packages_from_before_and_after_a_rotation_verify_with_the_key_of_their_time(
    superuser, tmp_path
):
    _grow(3)
    old_key = signing.verifier_key(selectors.current_key().public_key)
    before = package.build_package(seqs=[1])  # its checkpoint is signed with the first key
    rotation = services.rotate_signing_key(actor=superuser, reason="rotation")
    new_key = signing.verifier_key(rotation.new.public_key)
    _grow(2)
    after = package.build_package(seqs=[1, rotation.entry.seq + 1])
    for name, data, key in (("before", before, old_key), ("after", after, new_key)):
        folder = _unpack(data, tmp_path / name)
        code, out = run_verifier(folder, "--key", key)
        assert code == 0, out
        assert key in out and "FAIL" not in out
    # A court that pinned only the current key is told the old package is signed otherwise;
    # given both keys (the ledger page lists every key with its period), it verifies.
    code, out = run_verifier(tmp_path / "before", "--key", new_key)
    assert code == 1 and "NOT signed by the key you gave" in out
    assert run_verifier(tmp_path / "before", "--key", new_key, "--key", old_key)[0] == 0


def test_every_key_is_published_in_note_form_with_its_period(client, superuser):
    _grow(1)
    services.sign_tree_head()
    old = signing.verifier_key(selectors.current_key().public_key)
    services.rotate_signing_key(actor=superuser, reason="rotation")
    keys = client.get(reverse("portal:ledger-heads-json")).json()["keys"]
    assert keys[0]["verifier_key"] == old
    assert keys[0]["valid_until"] == keys[1]["valid_from"]


def test_tick_reports_a_key_changed_without_rotation_and_goes_on(settings, tmp_path, caplog):
    from sanxiang.ledger.jobs import sign_head

    _grow(1)
    assert sign_head().startswith("signed tree head")
    settings.LEDGER_DEMO_KEY_PATH = tmp_path / "other" / "key.pem"
    _grow(1)
    report = sign_head()
    assert report.startswith("NOT SIGNED") and "rotate-key" in report
    assert "rotate-key" in caplog.text
    assert SignedHead.objects.count() == 1


def test_a_rotation_refuses_to_wait_for_a_head_signed_in_the_future():
    _grow(1)
    key = signing.private_key()
    services.sign_tree_head()
    _grow(1)
    _forge_head(key, timezone.now().replace(microsecond=0) + dt.timedelta(hours=1))
    with pytest.raises(services.RotationError, match="clock"):
        services.rotate_signing_key(actor=None, reason="x")
    assert SigningKey.objects.count() == 1
    assert _key_of(signing.private_key()) == _key_of(key)
