#!/usr/bin/env python3
"""Check a Sanxiang evidence package (三项制度 证据包校验程序).

Needs only Python 3.9+ and the ``cryptography`` package; nothing from Sanxiang. Run it in
the unpacked package folder (or give the folder or the .zip as the argument):

    python3 verify_package.py [PACKAGE]

It checks that (1) the tree head was signed by the key printed below, which was the
platform's signing key at the head's time (the package lists every key with its period),
(2) every entry's
record is in the log at that head (RFC 9162 inclusion proof), and (3) every file has the
hash its entry records. Exit status 0 means everything checked out.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import tempfile
import zipfile
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def _hash(algorithm, data):
    return hashlib.new(algorithm, data).digest()


def verify_inclusion(algorithm, leaf_data, index, size, proof, root):
    """RFC 9162 section 2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    result = _hash(algorithm, b"\x00" + leaf_data)
    for item in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            result = _hash(algorithm, b"\x01" + item + result)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            result = _hash(algorithm, b"\x01" + result + item)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and result == root


def head_message(head):
    return (
        "sanxiang-tree-head/v1\n"
        f"origin: {head['origin']}\n"
        f"hash: {head['algorithm']}\n"
        f"size: {head['size']}\n"
        f"root: {head['root']}\n"
        f"time: {head['time']}\n"
    ).encode()


def file_digest(algorithm, path):
    hasher = hashlib.new(algorithm)
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            hasher.update(chunk)
            size += len(chunk)
    return hasher.hexdigest(), size


def signing_key(manifest, head):
    """The public key that must have signed the head, or (None, reason)."""
    keys = manifest.get("keys")
    if not keys:  # a package made before signing keys were listed: the head carries its key
        return base64.b64decode(head["public_key"]), ""
    key = next((k for k in keys if k["key_id"] == head.get("key_id")), None)
    if key is None:
        return None, f"树头的签名密钥不在包内 (unknown signing key {head.get('key_id')})"
    public = base64.b64decode(key["public_key"])
    if hashlib.sha256(public).hexdigest()[:16] != key["key_id"]:
        return None, f"密钥指纹不符 (key fingerprint mismatch) {key['key_id']}"
    if base64.b64decode(head["public_key"]) != public:
        return None, f"树头所载公钥与密钥 {key['key_id']} 不符 (head names another key)"
    start, end = key.get("valid_from"), key.get("valid_until")
    # Times are all "YYYY-MM-DDTHH:MM:SSZ" (UTC), so they compare as text.
    if (start and head["time"] < start) or (end and head["time"] >= end):
        period = f"{start or '…'} – {end or '…'}"
        return None, (
            f"树头签名时密钥 {key['key_id']} 不在有效期内 {period} "
            f"(key not valid at {head['time']})"
        )
    return public, ""


def check(folder):
    """Return a list of (ok, message) lines."""
    lines = []
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    head = manifest["head"]
    algorithm = head["algorithm"]
    root = bytes.fromhex(head["root"])
    public, problem = signing_key(manifest, head)
    if public is None:
        lines.append((False, f"树头签名无法确认 (tree head NOT verified): {problem}"))
    else:
        fingerprint = hashlib.sha256(public).hexdigest()[:16]
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(
                base64.b64decode(head["signature"]), head_message(head)
            )
            lines.append(
                (
                    True,
                    f"树头签名有效 (signed tree head OK): 大小 size {head['size']}, "
                    f"密钥指纹 key {fingerprint}, 时间 time {head['time']}",
                )
            )
        except (InvalidSignature, ValueError):
            lines.append(
                (False, f"树头签名无效 (BAD signature on the tree head), key {fingerprint}")
            )
    for item in manifest["entries"]:
        seq = item["seq"]
        record_path = folder / item["record"]
        if not record_path.exists():
            lines.append(
                (False, f"条目 #{seq}: 缺少记录文件 (record file missing) {item['record']}")
            )
            continue
        record = record_path.read_bytes()
        proof = [bytes.fromhex(h) for h in item["proof"]]
        if verify_inclusion(algorithm, record, seq, head["size"], proof, root):
            lines.append((True, f"条目 #{seq}: 已记入账本 (included in the log)"))
        else:
            lines.append((False, f"条目 #{seq}: 记录与账本不符 (NOT in the log: altered?)"))
        file = json.loads(record.decode("utf-8"))["payload"].get("file")
        if not isinstance(file, dict):
            continue
        path = folder / "files" / file["digest"]
        if not path.exists():
            lines.append((False, f"条目 #{seq}: 缺少文件 (file missing) {file['digest']}"))
            continue
        digest, size = file_digest(file["algorithm"], path)
        if digest == file["digest"] and size == file["size"]:
            lines.append((True, f"条目 #{seq}: 文件完整 (file intact) {file['name'] or digest}"))
        else:
            lines.append((False, f"条目 #{seq}: 文件已被改动 (file ALTERED) {file['digest']}"))
    return lines


def main(argv):
    target = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    with tempfile.TemporaryDirectory() as scratch:
        if target.is_file():
            with zipfile.ZipFile(target) as archive:
                archive.extractall(scratch)
            target = Path(scratch)
        lines = check(target)
    for ok, message in lines:
        print(("通过 OK   " if ok else "失败 FAIL ") + message)
    good = all(ok for ok, _message in lines)
    print(
        "结论：证据包完整，可以信赖。" if good else "结论：证据包有问题，请勿采信，并联系出具机关。"
    )
    print("Result: package verified." if good else "Result: package FAILED verification.")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
