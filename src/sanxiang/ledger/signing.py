"""The log's Ed25519 signing key and the text a signed tree head signs.

Production reads the key (PEM, PKCS#8) from SANXIANG_LEDGER_SIGNING_KEY or its _FILE form;
the demo generates one under SANXIANG_VAR_DIR on first use. ``sanxiang ledger rotate-key``
replaces it (``services.rotate_signing_key``): the demo's file is overwritten with a new
key; production takes the newly configured key. Every key that ever signed is registered
(``models.SigningKey``) with its public part and validity, so old heads keep verifying.
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


def generate_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _generate_demo_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = generate_pem()
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(pem)
    temporary.chmod(0o600)
    try:
        os.link(temporary, path)  # fails if another process made the key first: keep theirs
    except FileExistsError:
        pass
    finally:
        temporary.unlink()


def key_is_configured() -> bool:
    """True when the key comes from the environment (production), not the demo's file."""
    return bool(settings.LEDGER_SIGNING_KEY)


def load_private_key(pem: str | bytes) -> Ed25519PrivateKey:
    data = pem.encode("ascii") if isinstance(pem, str) else pem
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("the ledger signing key must be an Ed25519 key")
    return key


def private_key() -> Ed25519PrivateKey:
    pem = settings.LEDGER_SIGNING_KEY
    if not pem:
        if settings.PRODUCTION:
            raise ImproperlyConfigured("SANXIANG_LEDGER_SIGNING_KEY must be set in production")
        path = Path(settings.LEDGER_DEMO_KEY_PATH)
        if not path.exists():
            _generate_demo_key(path)
        pem = path.read_text(encoding="ascii")
    return load_private_key(pem)


def stage_demo_key(pem: bytes) -> Path:
    """Write a new demo key beside the current one (installed by ``install_demo_key``)."""
    path = Path(settings.LEDGER_DEMO_KEY_PATH)
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f".{path.name}.next.{os.getpid()}")
    with open(os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
        out.write(pem)
        out.flush()
        os.fsync(out.fileno())
    return staged


def install_demo_key(staged: Path) -> None:
    """Replace the demo key by the staged one, atomically: the old private key is gone."""
    os.replace(staged, Path(settings.LEDGER_DEMO_KEY_PATH))


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


def log_origin() -> str:
    """The log's origin: the configured one; in a demo without one, the origin its
    checkpoints already carry (e.g. after a restore into a new SANXIANG_VAR_DIR), else the
    demo's own under SANXIANG_VAR_DIR."""
    if not settings.LEDGER_ORIGIN_CONFIGURED:
        from sanxiang.ledger.models import Checkpoint

        first = Checkpoint.objects.order_by("size").values_list("origin", flat=True).first()
        if first:
            return str(first)
    return str(settings.LEDGER_ORIGIN)


def verifier_key(raw: bytes, origin: str | None = None) -> str:
    """The log's key in signed-note form, ``origin+hash+base64(0x01 || key)``: what
    ``golang.org/x/mod/sumdb/note`` and other C2SP tools are configured with."""
    from sanxiang.ledger import note

    return str(note.verifier_key(origin or log_origin(), bytes(raw)))
