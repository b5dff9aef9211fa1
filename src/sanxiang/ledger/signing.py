"""The log's Ed25519 signing key and the text a signed tree head signs.

Production reads the key (PEM, PKCS#8) from SANXIANG_LEDGER_SIGNING_KEY or its _FILE form;
the demo generates one under SANXIANG_VAR_DIR on first use.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

HEAD_FORMAT = "sanxiang-tree-head/v1"


def _generate_demo_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(pem)
    temporary.chmod(0o600)
    try:
        os.link(temporary, path)  # fails if another process made the key first: keep theirs
    except FileExistsError:
        pass
    finally:
        temporary.unlink()


def private_key() -> Ed25519PrivateKey:
    pem = settings.LEDGER_SIGNING_KEY
    if not pem:
        if settings.PRODUCTION:
            raise ImproperlyConfigured("SANXIANG_LEDGER_SIGNING_KEY must be set in production")
        path = Path(settings.LEDGER_DEMO_KEY_PATH)
        if not path.exists():
            _generate_demo_key(path)
        pem = path.read_text(encoding="ascii")
    key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("the ledger signing key must be an Ed25519 key")
    return key


def raw_public_key(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem(raw: bytes) -> str:
    public = Ed25519PublicKey.from_public_bytes(bytes(raw))
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def key_id(raw: bytes) -> str:
    """A short name for a public key: the first 8 bytes of its SHA-256, in hex."""
    return hashlib.sha256(bytes(raw)).hexdigest()[:16]


def format_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def head_message(
    *, origin: str, algorithm: str, size: int, root: bytes, signed_at: dt.datetime
) -> bytes:
    """The exact text signed for a tree head; the standalone verifier rebuilds it."""
    return (
        f"{HEAD_FORMAT}\n"
        f"origin: {origin}\n"
        f"hash: {algorithm}\n"
        f"size: {size}\n"
        f"root: {bytes(root).hex()}\n"
        f"time: {format_time(signed_at)}\n"
    ).encode()


def b64(data: bytes) -> str:
    return base64.b64encode(bytes(data)).decode("ascii")
