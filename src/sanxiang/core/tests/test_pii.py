"""Encryption of personal data at rest (core.pii): round trips, wrong keys, rotation, hashing."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from sanxiang.core import pii

ID = "120110198506150017"
OLD = base64.b64encode(b"o" * 32).decode()
NEW = base64.b64encode(b"n" * 32).decode()
HASH = base64.b64encode(b"h" * 32).decode()


def keys(value: str, hash_key: str = HASH):
    return override_settings(PII_KEYS=value, PII_HASH_KEY=hash_key)


@pytest.mark.parametrize("cipher", ["aes-256-gcm", "sm4-gcm"])
def test_a_value_round_trips_under_each_cipher_and_is_not_stored_in_clear(cipher):
    with keys(f"k1:{OLD}"), override_settings(PII_CIPHER=cipher):
        stored = pii.encrypt("天津市东丽区万新街1号", purpose="test.address")
        sealed = base64.urlsafe_b64decode(stored.split(":")[3])
        assert "万新街".encode() not in sealed
        assert stored.startswith(f"pii1:{pii.CIPHERS[cipher]}:k1:")
        assert pii.decrypt(stored, purpose="test.address") == "天津市东丽区万新街1号"


def test_the_same_value_encrypts_differently_each_time():
    with keys(f"k1:{OLD}"):
        assert pii.encrypt(ID, purpose="p") != pii.encrypt(ID, purpose="p")


def test_a_wrong_key_is_a_clear_error_not_garbage():
    with keys(f"k1:{OLD}"):
        stored = pii.encrypt(ID, purpose="p")
    with keys(f"k1:{NEW}"), pytest.raises(pii.PiiError, match="key is wrong"):
        pii.decrypt(stored, purpose="p")


def test_a_missing_key_names_the_key_id():
    with keys(f"k1:{OLD}"):
        stored = pii.encrypt(ID, purpose="p")
    with keys(f"k2:{NEW}"), pytest.raises(pii.PiiError, match=r"'k1'.*does not list"):
        pii.decrypt(stored, purpose="p")


def test_an_altered_value_or_another_column_does_not_decrypt():
    with keys(f"k1:{OLD}"):
        stored = pii.encrypt(ID, purpose="p")
        with pytest.raises(pii.PiiError):
            pii.decrypt(stored, purpose="another.column")
        raw = bytearray(base64.urlsafe_b64decode(stored.split(":")[3]))
        raw[15] ^= 1
        altered = ":".join([*stored.split(":")[:3], base64.urlsafe_b64encode(raw).decode()])
        with pytest.raises(pii.PiiError):
            pii.decrypt(altered, purpose="p")
        with pytest.raises(pii.PiiError, match="not in the encrypted format"):
            pii.decrypt(ID, purpose="p")


def test_after_rotation_the_newest_key_encrypts_and_the_old_still_decrypts():
    with keys(f"k1:{OLD}"):
        old = pii.encrypt(ID, purpose="p")
    with keys(f"k2:{NEW},k1:{OLD}"):
        assert pii.decrypt(old, purpose="p") == ID
        new = pii.encrypt(ID, purpose="p")
        assert pii.key_id_of(new) == "k2"
    with keys(f"k2:{NEW}"):
        assert pii.decrypt(new, purpose="p") == ID


def test_values_sealed_under_one_cipher_stay_readable_after_switching():
    with keys(f"k1:{OLD}"), override_settings(PII_CIPHER="aes-256-gcm"):
        aes = pii.encrypt(ID, purpose="p")
    with keys(f"k1:{OLD}"), override_settings(PII_CIPHER="sm4-gcm"):
        assert pii.decrypt(aes, purpose="p") == ID


def test_the_keyed_hash_is_stable_keyed_and_sm3_under_guomi():
    with keys(f"k1:{OLD}"):
        first = pii.keyed_hash(ID)
        assert first == pii.keyed_hash(ID) and len(first) == 64
        assert pii.keyed_hash("") == ""
        with override_settings(PII_CIPHER="sm4-gcm"):
            assert pii.keyed_hash(ID) != first
    with keys(f"k1:{OLD}", base64.b64encode(b"x" * 32).decode()):
        assert pii.keyed_hash(ID) != first


@pytest.mark.parametrize(
    "value",
    ["", "k1", f"k1:{OLD[:-4]}", f"k1:{OLD},k1:{NEW}", f"bad id!:{OLD}", "k1:not-base64!!"],
)
def test_malformed_keys_are_refused(value):
    with pytest.raises(ImproperlyConfigured):
        pii.parse_keys(value)


def test_production_without_keys_refuses_to_encrypt():
    with (
        override_settings(PRODUCTION=True, PII_KEYS=None, PII_HASH_KEY=None),
        pytest.raises(ImproperlyConfigured, match="SANXIANG_PII_KEYS"),
    ):
        pii.encrypt(ID, purpose="p")


def test_the_demo_generates_its_keys_under_the_var_directory(tmp_path):
    with override_settings(VAR_DIR=tmp_path, PII_KEYS=None, PII_HASH_KEY=None):
        stored = pii.encrypt(ID, purpose="p")
        assert (tmp_path / "keys" / "pii-keys").read_text().startswith("demo1:")
        assert (tmp_path / "keys" / "pii-hash-key").exists()
        assert (tmp_path / "keys" / "pii-keys").stat().st_mode & 0o777 == 0o600
        assert pii.decrypt(stored, purpose="p") == ID


def test_masks_keep_only_the_ends():
    assert pii.mask_id_number("110101199003071234") == "1101**********1234"
    assert pii.mask_phone("13812345678") == "138****5678"
    assert pii.mask_address("天津市东丽区成林道88号") == "天津市东丽区******"
    assert pii.mask_phone("") == ""
