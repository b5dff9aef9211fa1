"""Personal data at rest (issue 9): encryption of parties' ID numbers, phones and addresses,
a keyed hash for exact look-up by ID number, and masking for display.

Cipher: AES-256-GCM by default, SM4-GCM (GB/T 32907, 国密) when ``SANXIANG_PII_CIPHER`` is
``sm4-gcm``. Both are authenticated: a wrong key or a tampered value raises ``PiiError``,
never returns garbage. A stored value is one line of text::

    pii1:<cipher>:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>

so that keys rotate: ``SANXIANG_PII_KEYS`` lists ``id:base64`` keys, newest first; the newest
encrypts, every listed key decrypts, and ``sanxiang pii-rekey`` re-encrypts every row under
the newest. Each configured key is 32 random bytes; the cipher's own key is derived from it
with HKDF (SHA-256, or SM3 for SM4), so one key serves either cipher. The field's name is
bound in as associated data, so a value moved to another column does not decrypt.

The keyed hash is HMAC-SHA256 (HMAC-SM3 under 国密) with its own key,
``SANXIANG_PII_HASH_KEY``: equal ID numbers give equal hashes, and without the key the hash
cannot be tested against guessed numbers (an ID number has few enough possibilities that a
plain hash would be reversed by brute force).

The demo generates both keys under ``SANXIANG_VAR_DIR/keys/`` (carried by ``sanxiang backup``);
production requires them (settings refuse to start without).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "pii1"
CIPHERS = {"aes-256-gcm": "a", "sm4-gcm": "s"}
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
_NONCE_BYTES = 12
_TAG_BYTES = 16


class PiiError(ImproperlyConfigured):
    """Personal data cannot be decrypted: a key is missing or wrong, or the value was altered."""


@dataclass(frozen=True)
class KeyRing:
    keys: dict[str, bytes]  # in order, newest first
    hash_key: bytes

    @property
    def newest(self) -> str:
        return next(iter(self.keys))


def _decode_key(text: str, where: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"{where}: a key is not valid base64") from exc
    if len(raw) != 32:
        raise ImproperlyConfigured(f"{where}: each key must be 32 bytes (openssl rand -base64 32)")
    return raw


def parse_keys(value: str, where: str = "SANXIANG_PII_KEYS") -> dict[str, bytes]:
    """``id:base64,id:base64`` (newest first) as an ordered dict; malformed values raise."""
    keys: dict[str, bytes] = {}
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        key_id, sep, material = item.partition(":")
        if not sep or not _KEY_ID.match(key_id):
            raise ImproperlyConfigured(
                f"{where}: each key is written id:base64, the id 1-16 letters, digits, - or _"
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"{where}: the key id {key_id!r} appears twice")
        keys[key_id] = _decode_key(material, where)
    if not keys:
        raise ImproperlyConfigured(f"{where}: no key given")
    return keys


def _demo_file(path: Path, make: Callable[[], str]) -> str:
    """The demo's key file, made on first use (the first process to make it wins)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(make(), encoding="ascii")
        temporary.chmod(0o600)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text(encoding="ascii").strip()


def _new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode("ascii")


@lru_cache(maxsize=8)
def _demo_keys(var_dir: str) -> tuple[str, str]:
    """The demo's keys under VAR_DIR/keys/, read once per process (every value needs them)."""
    directory = Path(var_dir) / "keys"
    return (
        _demo_file(directory / "pii-keys", lambda: f"demo1:{_new_key()}\n"),
        _demo_file(directory / "pii-hash-key", lambda: _new_key() + "\n"),
    )


def keyring() -> KeyRing:
    """The configured keys (or, outside production, the demo's under VAR_DIR/keys/)."""
    keys, hash_key = settings.PII_KEYS, settings.PII_HASH_KEY
    if not (keys and hash_key):
        if settings.PRODUCTION:
            raise ImproperlyConfigured("SANXIANG_PII_KEYS and SANXIANG_PII_HASH_KEY must be set")
        demo_keys, demo_hash_key = _demo_keys(str(settings.VAR_DIR))
        keys, hash_key = keys or demo_keys, hash_key or demo_hash_key
    return _keyring(keys, hash_key)


@lru_cache(maxsize=8)
def _keyring(keys: str, hash_key: str) -> KeyRing:
    return KeyRing(parse_keys(keys), _decode_key(hash_key, "SANXIANG_PII_HASH_KEY"))


def current_cipher() -> str:
    """The configured cipher's name (``aes-256-gcm`` or ``sm4-gcm``)."""
    return str(settings.PII_CIPHER)


@lru_cache(maxsize=32)
def _derived(key: bytes, code: str) -> bytes:
    sm4 = code == CIPHERS["sm4-gcm"]
    algorithm: hashes.HashAlgorithm = hashes.SM3() if sm4 else hashes.SHA256()
    length = 16 if sm4 else 32
    info = b"sanxiang-pii/sm4-gcm" if sm4 else b"sanxiang-pii/aes-256-gcm"
    return HKDF(algorithm=algorithm, length=length, salt=None, info=info).derive(key)


def _algorithm(code: str, key: bytes) -> algorithms.AES | algorithms.SM4:
    derived = _derived(key, code)
    return algorithms.SM4(derived) if code == CIPHERS["sm4-gcm"] else algorithms.AES(derived)


def _aad(purpose: str) -> bytes:
    return f"sanxiang-pii:{purpose}".encode()


def encrypt(plaintext: str, *, purpose: str) -> str:
    """``plaintext`` sealed under the newest key; empty stays empty (nothing to hide)."""
    if not plaintext:
        return ""
    ring = keyring()
    code = CIPHERS[current_cipher()]
    nonce = secrets.token_bytes(_NONCE_BYTES)
    encryptor = Cipher(_algorithm(code, ring.keys[ring.newest]), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(_aad(purpose))
    body = encryptor.update(plaintext.encode("utf-8")) + encryptor.finalize()
    sealed = base64.urlsafe_b64encode(nonce + body + encryptor.tag).decode("ascii")
    return f"{PREFIX}:{code}:{ring.newest}:{sealed}"


def key_id_of(stored: str) -> str | None:
    parts = stored.split(":")
    return parts[2] if len(parts) == 4 else None


def decrypt(stored: str, *, purpose: str) -> str:
    """The plaintext of a stored value; ``PiiError`` if it cannot be opened."""
    if not stored:
        return ""
    parts = stored.split(":")
    if len(parts) != 4 or parts[0] != PREFIX or parts[1] not in CIPHERS.values():
        raise PiiError(f"personal data ({purpose}) is not in the encrypted format {PREFIX}")
    _, code, key_id, sealed = parts
    ring = keyring()
    if key_id not in ring.keys:
        raise PiiError(
            f"personal data ({purpose}) is encrypted under key {key_id!r}, "
            "which SANXIANG_PII_KEYS does not list"
        )
    try:
        raw = base64.urlsafe_b64decode(sealed)
    except (binascii.Error, ValueError) as exc:
        raise PiiError(f"personal data ({purpose}) is damaged") from exc
    nonce, body, tag = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:-_TAG_BYTES], raw[-_TAG_BYTES:]
    if len(tag) != _TAG_BYTES or len(nonce) != _NONCE_BYTES:
        raise PiiError(f"personal data ({purpose}) is damaged")
    decryptor = Cipher(_algorithm(code, ring.keys[key_id]), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(_aad(purpose))
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")
    except InvalidTag as exc:
        raise PiiError(
            f"personal data ({purpose}) does not decrypt under key {key_id!r}: "
            "the key is wrong or the value was altered"
        ) from exc


def keyed_hash(value: str) -> str:
    """HMAC of ``value`` under the hash key (SM3 under 国密, else SHA-256), hex; '' for ''."""
    if not value:
        return ""
    digest = "sm3" if current_cipher() == "sm4-gcm" else "sha256"
    return hmac.new(keyring().hash_key, value.encode("utf-8"), digest).hexdigest()


def encrypted_property(column: str, *, purpose: str, digest_column: str = "") -> property:
    """A model attribute that reads and writes plaintext while ``column`` holds ciphertext
    (and ``digest_column``, if given, the keyed hash). A real ``property``, so that
    ``Model(name=value)`` and ``objects.create(name=value)`` accept it."""

    def get(obj: object) -> str:
        return decrypt(getattr(obj, column), purpose=purpose)

    def set_(obj: object, value: str | None) -> None:
        value = (value or "").strip()
        setattr(obj, column, encrypt(value, purpose=purpose))
        if digest_column:
            setattr(obj, digest_column, keyed_hash(value))

    return property(get, set_)


def mask(value: str, *, keep_start: int, keep_end: int) -> str:
    """``value`` with all but its first and last characters starred (1101**********1234)."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + value[len(value) - keep_end :]


def mask_id_number(value: str) -> str:
    return mask(value, keep_start=4, keep_end=4)


def mask_phone(value: str) -> str:
    return mask(value, keep_start=3, keep_end=4)


def mask_address(value: str) -> str:
    """The first six characters (province, city, district) and stars for the rest."""
    return (
        value[:6] + "*" * min(len(value[6:]), 8)
        if len(value) > 6
        else mask(value, keep_start=1, keep_end=0)
    )
