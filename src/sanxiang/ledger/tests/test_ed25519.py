"""The standalone verifier's Ed25519, written from RFC 8032, against the RFC's test vectors."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sanxiang.ledger.tests.standalone import module

ed25519 = module("ed25519")

# RFC 8032 section 7.1: TEST 1, TEST 2, TEST 3 and TEST SHA(abc) (secret, public, message,
# signature). The message of the last is SHA-512("abc").
VECTORS = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
    (
        "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
        "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
        hashlib.sha512(b"abc").hexdigest(),
        "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("secret", "public", "message", "signature"), VECTORS)
def test_the_rfc_8032_vectors_verify(secret, public, message, signature):
    assert ed25519.verify(bytes.fromhex(public), bytes.fromhex(message), bytes.fromhex(signature))


@pytest.mark.parametrize(("secret", "public", "message", "signature"), VECTORS)
def test_the_vectors_are_the_rfcs_as_an_independent_library_computes_them(
    secret, public, message, signature
):
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(secret))
    assert key.public_key().public_bytes_raw().hex() == public
    assert key.sign(bytes.fromhex(message)).hex() == signature


@pytest.mark.parametrize(("secret", "public", "message", "signature"), VECTORS)
def test_any_changed_byte_fails(secret, public, message, signature):
    pub, msg, sig = bytes.fromhex(public), bytes.fromhex(message), bytes.fromhex(signature)
    assert not ed25519.verify(pub, msg + b"\x00", sig)
    for i in (0, 31, 32, 63):
        bad = bytearray(sig)
        bad[i] ^= 0x01
        assert not ed25519.verify(pub, msg, bytes(bad))
    bad_key = bytearray(pub)
    bad_key[5] ^= 0x40
    assert not ed25519.verify(bytes(bad_key), msg, sig)


def test_a_signature_with_s_not_below_the_group_order_is_refused():
    _secret, public, _message, signature = VECTORS[0]
    sig = bytes.fromhex(signature)
    s = int.from_bytes(sig[32:], "little") + ed25519.L  # same point, non-canonical scalar
    assert not ed25519.verify(bytes.fromhex(public), b"", sig[:32] + s.to_bytes(32, "little"))


def test_wrong_lengths_are_refused_not_raised():
    assert not ed25519.verify(b"\x00" * 31, b"", b"\x00" * 64)
    assert not ed25519.verify(b"\x00" * 32, b"", b"\x00" * 63)


def test_random_keys_agree_with_an_independent_library():
    for i in range(5):
        key = Ed25519PrivateKey.generate()
        message = f"message {i}".encode()
        signature = key.sign(message)
        public = key.public_key().public_bytes_raw()
        assert ed25519.verify(public, message, signature)
        assert not ed25519.verify(public, message + b".", signature)
