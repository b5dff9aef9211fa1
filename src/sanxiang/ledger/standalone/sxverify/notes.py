"""C2SP signed notes, checkpoints and Ed25519 cosignatures, read from the specifications
(c2sp.org/signed-note, tlog-checkpoint, tlog-cosignature) with the standard library only.

Written apart from the code that signs (Sanxiang's ``ledger/note.py``): each checks the other.
"""

import base64
import binascii
import hashlib
import struct

from sxverify import ed25519

ED25519 = 0x01
COSIGNATURE = 0x04
DASH = "\u2014 "


class NoteProblem(ValueError):
    """The note, checkpoint or key is malformed; the text says how (Chinese / English)."""


def _name_ok(name):
    return bool(name) and "+" not in name and not any(c.isspace() for c in name)


def key_hash(name, kind, public):
    return hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([kind]) + public).digest()[:4]


class Key:
    def __init__(self, name, kind, public):
        self.name, self.kind, self.public = name, kind, public
        self.hash = key_hash(name, kind, public)

    def text(self):
        return f"{self.name}+{self.hash.hex()}+{base64.b64encode(bytes([self.kind]) + self.public).decode()}"


def read_key(text):
    """A verifier key "name+hash+base64(type || key)"; the hash must match."""
    parts = text.strip().split("+", 2)
    if len(parts) != 3 or not _name_ok(parts[0]) or len(parts[1]) != 8:
        raise NoteProblem("密钥格式应为 名称+8位十六进制+base64 / a key reads name+hash+key")
    try:
        raw = base64.b64decode(parts[2], validate=True)
        wanted = bytes.fromhex(parts[1])
    except (binascii.Error, ValueError):
        raise NoteProblem("密钥中有非法字符 / the key has characters that do not belong")
    if len(raw) != 33 or raw[0] not in (ED25519, COSIGNATURE):
        raise NoteProblem("不是 Ed25519 密钥 / not an Ed25519 note or cosignature key")
    key = Key(parts[0], raw[0], raw[1:])
    if key.hash != wanted:
        raise NoteProblem("密钥的校验值不符（抄错了？）/ the key's hash does not match (mistyped?)")
    return key


def read_note(data):
    """(text, [(name, key hash, signature bytes)]) of a signed note."""
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NoteProblem("检查点不是 UTF-8 文本 / the checkpoint is not UTF-8 text")
    if any(ord(c) < 0x20 and c != "\n" for c in decoded):
        raise NoteProblem("检查点含控制字符 / the checkpoint contains control characters")
    cut = decoded.rfind("\n\n")
    if cut < 0 or not decoded.endswith("\n"):
        raise NoteProblem("检查点没有签名 / the checkpoint has no signature block")
    text, lines = decoded[: cut + 1], decoded[cut + 2 : -1].split("\n")
    signatures = []
    for line in lines:
        name, _sep, encoded = line[len(DASH) :].partition(" ")
        if not line.startswith(DASH) or not _name_ok(name):
            raise NoteProblem("签名行格式错误 / a signature line is malformed")
        try:
            raw = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise NoteProblem("签名不是 base64 / a signature is not base64")
        if len(raw) < 5:
            raise NoteProblem("签名太短 / a signature is too short")
        signatures.append((name, raw[:4], raw[4:]))
    return text, signatures


def read_checkpoint(text):
    """(origin, size, root, extension lines) of a checkpoint's note text."""
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "" or not all(lines[:-1]):
        raise NoteProblem("检查点至少三行 / a checkpoint has at least three lines")
    size = lines[1]
    if not size.isdigit() or not size.isascii() or (len(size) > 1 and size[0] == "0"):
        raise NoteProblem("检查点的条目数不是十进制整数 / the tree size is not a decimal number")
    try:
        root = base64.b64decode(lines[2], validate=True)
    except binascii.Error:
        raise NoteProblem("检查点的根哈希不是 base64 / the root hash is not base64")
    if len(root) != 32:
        raise NoteProblem("检查点的根哈希不是 32 字节 / the root hash is not 32 bytes")
    return lines[0], int(size), root, lines[3:-1]


def signature_ok(key, text, signature):
    """Does ``signature`` (the bytes after the key hash) verify for ``key`` over ``text``?"""
    if key.kind == COSIGNATURE:
        if len(signature) != 72:
            return False
        (stamp,) = struct.unpack(">Q", signature[:8])
        message = ("cosignature/v1\ntime %d\n" % stamp + text).encode("utf-8")
        return ed25519.verify(key.public, message, signature[8:])
    return ed25519.verify(key.public, text.encode("utf-8"), signature)


def cosignature_time(signature):
    return struct.unpack(">Q", signature[:8])[0] if len(signature) == 72 else None
