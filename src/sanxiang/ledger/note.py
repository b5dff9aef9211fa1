"""C2SP signed notes, checkpoints and cosignatures: the formats other tools read.

- c2sp.org/signed-note: a text ending in a newline, a blank line, then one or more lines
  "— <key name> base64(4-byte key ID || signature)". Ed25519 keys have signature type 0x01;
  a verifier key is written "<name>+<key ID, 8 hex digits>+base64(type || public key)".
- c2sp.org/tlog-checkpoint: the note text is the log's origin, the tree size in decimal and
  the base64 root hash, one per line (extension lines may follow).
- c2sp.org/tlog-cosignature: a witness signs "cosignature/v1\\ntime <T>\\n" followed by the
  checkpoint's text with an Ed25519 key of type 0x04; its signature is the 8-byte big-endian
  time followed by the 64-byte Ed25519 signature.

This module signs and checks with ``cryptography``. The standalone verifier shipped in
evidence packages reads the same formats with its own code (``standalone/sxverify``), so
the two check each other in the tests.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils.translation import gettext as _

ED25519 = 0x01
COSIGNATURE_ED25519 = 0x04
SIGNATURE_PREFIX = "\u2014 "  # em dash, space
MAX_SIGNATURES = 64  # the spec asks verifiers to accept at least 16
MAX_NOTE_BYTES = 64 * 1024
COSIGNATURE_HEADER = "cosignature/v1"
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,18}")
# Reserved words of the older JSON head format: a checkpoint's origin may never start so.
LEGACY_HEAD_FORMAT = "sanxiang-tree-head/v1"


class NoteError(ValueError):
    """A note, checkpoint, key or cosignature is malformed or does not verify; says which."""


def valid_name(name: str) -> bool:
    """A key name (or origin): non-empty, no Unicode space, no plus sign (signed-note)."""
    return (
        bool(name)
        and "+" not in name
        and not any(c.isspace() for c in name)
        and all(ord(c) >= 0x20 for c in name)
        and name != LEGACY_HEAD_FORMAT
    )


def key_id(name: str, sig_type: int, public: bytes) -> bytes:
    """SHA-256(name || 0x0A || type || public key)[:4] (signed-note, tlog-cosignature)."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([sig_type]) + bytes(public)).digest()[:4]


@dataclass(frozen=True)
class VerifierKey:
    """A public note key: its name, 4-byte ID, signature type and raw Ed25519 public key."""

    name: str
    id: bytes
    sig_type: int
    public: bytes

    def __str__(self) -> str:
        data = base64.b64encode(bytes([self.sig_type]) + self.public).decode("ascii")
        return f"{self.name}+{self.id.hex()}+{data}"

    def verify(self, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True


def verifier_key(name: str, public: bytes, sig_type: int = ED25519) -> VerifierKey:
    if not valid_name(name):
        raise NoteError(_("invalid key name %(name)s") % {"name": repr(name)})
    return VerifierKey(name, key_id(name, sig_type, public), sig_type, bytes(public))


def parse_verifier_key(text: str) -> VerifierKey:
    """Parse "name+hash+key"; the hash must be the key's own ID (a typo fails)."""
    parts = text.strip().split("+", 2)
    if len(parts) != 3 or not valid_name(parts[0]) or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
        raise NoteError(_("a verifier key reads name+8 hex digits+base64 key"))
    try:
        data = base64.b64decode(parts[2], validate=True)
    except binascii.Error as exc:
        raise NoteError(_("the key part of the verifier key is not base64")) from exc
    if len(data) != 33 or data[0] not in (ED25519, COSIGNATURE_ED25519):
        raise NoteError(_("the verifier key is not an Ed25519 note or cosignature key"))
    key = verifier_key(parts[0], data[1:], data[0])
    if key.id.hex() != parts[1]:
        raise NoteError(_("the verifier key's hash does not match its name and key"))
    return key


@dataclass(frozen=True)
class Signature:
    """One signature line: key name, key ID and the bytes after the ID."""

    name: str
    id: bytes
    data: bytes

    @property
    def line(self) -> str:
        return f"{SIGNATURE_PREFIX}{self.name} {base64.b64encode(self.id + self.data).decode()}\n"


@dataclass(frozen=True)
class Note:
    text: str
    signatures: tuple[Signature, ...]

    def encode(self) -> str:
        return self.text + "\n" + "".join(s.line for s in self.signatures)


def parse_note(message: bytes | str) -> Note:
    """Split a signed note into its text and signature lines (no signature is checked)."""
    raw = message.encode() if isinstance(message, str) else bytes(message)
    if len(raw) > MAX_NOTE_BYTES:
        raise NoteError(_("the note is too large"))
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NoteError(_("the note is not valid UTF-8")) from exc
    if any(ord(c) < 0x20 and c != "\n" for c in decoded):
        raise NoteError(_("the note contains control characters"))
    split = decoded.rfind("\n\n")
    if split < 0 or not decoded.endswith("\n"):
        raise NoteError(_("the note has no signature block"))
    text, block = decoded[: split + 1], decoded[split + 2 :]
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise NoteError(_("the note has too many signatures"))
    return Note(text, tuple(_parse_signature_line(line) for line in lines))


def _parse_signature_line(line: str) -> Signature:
    if not line.startswith(SIGNATURE_PREFIX):
        raise NoteError(_("a signature line must start with an em dash and a space"))
    name, _space, encoded = line[len(SIGNATURE_PREFIX) :].partition(" ")
    if not valid_name(name) or not encoded:
        raise NoteError(_("a signature line has a malformed key name"))
    try:
        data = base64.b64decode(encoded, validate=True)
    except binascii.Error as exc:
        raise NoteError(_("a signature is not base64")) from exc
    if len(data) < 5:
        raise NoteError(_("a signature is too short"))
    return Signature(name, data[:4], data[4:])


def sign_note(text: str, *, name: str, key: Ed25519PrivateKey) -> Signature:
    """An Ed25519 (type 0x01) signature of ``text`` by ``key`` under ``name``."""
    if not text.endswith("\n") or "\n\n" in text:
        raise NoteError(_("a note text ends with a newline and has no blank line here"))
    public = key.public_key().public_bytes_raw()
    return Signature(name, key_id(name, ED25519, public), key.sign(text.encode()))


def verified_by(note: Note, keys: Iterable[VerifierKey]) -> list[VerifierKey]:
    """The known keys whose signatures verify. Per signed-note: signatures by unknown keys
    are ignored; a known key's bad signature rejects the note; no good one rejects it too."""
    known = {(k.name, k.id): k for k in keys}
    good = []
    for signature in note.signatures:
        key = known.get((signature.name, signature.id))
        if key is None:
            continue
        message = note.text.encode()
        if key.sig_type == COSIGNATURE_ED25519:
            if len(signature.data) != 72:
                raise NoteError(_("malformed cosignature by %(name)s") % {"name": key.name})
            (stamp,) = struct.unpack(">Q", signature.data[:8])
            message = cosignature_message(note.text, stamp)
            ok = key.verify(message, signature.data[8:])
        else:
            ok = key.verify(message, signature.data)
        if not ok:
            raise NoteError(_("the signature by %(name)s does not verify") % {"name": key.name})
        good.append(key)
    if not good:
        raise NoteError(_("no signature by a known key"))
    return good


# --- tlog-checkpoint -----------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        lines = [
            self.origin,
            str(self.size),
            base64.b64encode(self.root).decode(),
            *self.extensions,
        ]
        return "\n".join(lines) + "\n"


def parse_checkpoint(text: str) -> Checkpoint:
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "" or any(not line for line in lines[:-1]):
        raise NoteError(_("a checkpoint has at least three non-empty lines"))
    origin, size, root = lines[0], lines[1], lines[2]
    if not _DECIMAL.fullmatch(size):
        raise NoteError(_("the checkpoint's tree size is not a decimal number"))
    try:
        digest = base64.b64decode(root, validate=True)
    except binascii.Error as exc:
        raise NoteError(_("the checkpoint's root hash is not base64")) from exc
    if len(digest) != 32:
        raise NoteError(_("the checkpoint's root hash is not 32 bytes"))
    return Checkpoint(origin, int(size), digest, tuple(lines[3:-1]))


# --- tlog-cosignature ----------------------------------------------------------------------


def cosignature_message(text: str, timestamp: int) -> bytes:
    return f"{COSIGNATURE_HEADER}\ntime {timestamp}\n{text}".encode()


def cosign(text: str, *, name: str, key: Ed25519PrivateKey, timestamp: int) -> Signature:
    """A timestamped Ed25519 cosignature (type 0x04) of the checkpoint ``text``."""
    if not 0 <= timestamp < 2**63:
        raise NoteError(_("the cosignature time is out of range"))
    public = key.public_key().public_bytes_raw()
    data = struct.pack(">Q", timestamp) + key.sign(cosignature_message(text, timestamp))
    return Signature(name, key_id(name, COSIGNATURE_ED25519, public), data)


def cosignature_time(signature: Signature) -> int:
    (stamp,) = struct.unpack(">Q", signature.data[:8])
    return int(stamp)
