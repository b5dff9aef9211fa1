"""The checks of an evidence package, each with its own message in Chinese and English.

A result is (status, Chinese, English) with status "OK", "FAIL" or "NOTE". The package is
good when nothing FAILs; it is complete when it also carries its issuing entry and every
entry before it is there.
"""

import base64
import binascii
import hashlib
import json

from sxverify import merkle, notes, timestamp

OK, FAIL, NOTE = "OK", "FAIL", "NOTE"
FORMATS = ("sanxiang-evidence-package/v2",)


class Stop(Exception):
    """A problem after which nothing else can be checked."""

    def __init__(self, zh, en):
        super().__init__(en)
        self.zh, self.en = zh, en


class Package:
    """The package's files, read from a folder (the zip is unpacked by the caller)."""

    def __init__(self, folder):
        self.folder = folder
        self.results = []
        self.complete = False

    def add(self, status, zh, en):
        self.results.append((status, zh, en))

    def read(self, name):
        path = self.folder / name
        if not path.is_file() or ".." in name.replace("\\", "/").split("/"):
            return None
        return path.read_bytes()


def load_manifest(pkg):
    data = pkg.read("manifest.json")
    if data is None:
        raise Stop(
            "证据包里没有 manifest.json（不是本平台的证据包，或已被删改）",
            "manifest.json is missing (not a Sanxiang package, or it was altered)",
        )
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Stop("manifest.json 已损坏，无法读取", "manifest.json is damaged and cannot be read")
    if not isinstance(manifest, dict) or manifest.get("format") not in FORMATS:
        raise Stop(
            "manifest.json 的格式不是本程序认识的版本",
            "manifest.json is not a package format this program knows",
        )
    return manifest


def check_checkpoint(pkg, manifest, keys):
    """The checkpoint must be signed by one of the pinned log keys; returns its parts."""
    data = pkg.read(str(manifest.get("checkpoint") or "checkpoint.txt"))
    if data is None:
        raise Stop("证据包里没有签名检查点 checkpoint.txt", "checkpoint.txt is missing")
    try:
        text, signatures = notes.read_note(data)
        origin, size, root, extensions = notes.read_checkpoint(text)
    except notes.NoteProblem as problem:
        zh, _sep, en = str(problem).partition(" / ")
        raise Stop("签名检查点已损坏：" + zh, "the checkpoint is damaged: " + en)
    log_keys = [k for k in keys if k.kind == notes.ED25519]
    signed_by = None
    for name, key_hash, signature in signatures:
        for key in log_keys:
            if (key.name, key.hash) == (name, key_hash):
                if not notes.signature_ok(key, text, signature):
                    raise Stop(
                        "检查点的签名无效：内容被改动，或签名是伪造的",
                        "the checkpoint's signature is INVALID: altered or forged",
                    )
                signed_by = key
    if signed_by is None:
        raise Stop(
            "检查点不是由您提供的机关密钥签发的：证据包可能被他人重新签名。请核对门户网站"
            "“账本”页或文书上印的验证密钥",
            "the checkpoint is NOT signed by the key you gave: the package may have been "
            "re-signed by someone else. Check the verifier key on the agency's /ledger/ page",
        )
    pkg.add(
        OK,
        "检查点签名有效：%s，共 %d 条，由密钥 %s 签发" % (origin, size, signed_by.text()),
        "checkpoint signature OK: %s, %d entries, key %s" % (origin, size, signed_by.text()),
    )
    algorithm = "sha256"
    for line in extensions:
        if line.startswith("hash "):
            algorithm = line[5:]
    check_cosignatures(pkg, text, signatures, keys, signed_by)
    return data, text, size, root, algorithm


def check_cosignatures(pkg, text, signatures, keys, log_key):
    witnesses = {(k.name, k.hash): k for k in keys if k.kind == notes.COSIGNATURE}
    for name, key_hash, signature in signatures:
        if (name, key_hash) == (log_key.name, log_key.hash):
            continue
        key = witnesses.get((name, key_hash))
        if key is None:
            pkg.add(
                NOTE,
                f"见证签名 {name} 未核验（未提供该见证方的密钥）",
                f"cosignature by {name} not checked (its key was not given)",
            )
        elif notes.signature_ok(key, text, signature):
            pkg.add(OK, f"见证方 {name} 的见证签名有效", f"cosignature by {name} OK")
        else:
            raise Stop(
                f"见证方 {name} 的见证签名无效",
                f"the cosignature by {name} is INVALID",
            )


def _proof(item):
    try:
        return [base64.b64decode(p, validate=True) for p in item.get("proof", [])]
    except (binascii.Error, TypeError, AttributeError):
        return None


def check_entries(pkg, manifest, size, root, algorithm):
    """Each entry's record is in the log at the checkpoint (RFC 9162 inclusion proof)."""
    items = manifest.get("entries")
    if not isinstance(items, list) or not items:
        raise Stop(
            "证据包是空的：没有任何账本条目", "the package is EMPTY: it holds no ledger entry"
        )
    records = {}
    for item in items:
        seq = item.get("seq") if isinstance(item, dict) else None
        if not isinstance(seq, int):
            raise Stop(
                "manifest.json 中的条目清单已损坏", "the entry list in manifest.json is damaged"
            )
        data = pkg.read(str(item.get("record") or ""))
        if data is None:
            pkg.add(
                FAIL, "条目 #%d：缺少记录文件" % seq, "entry #%d: its record file is missing" % seq
            )
            continue
        proof = _proof(item)
        if proof is None or not merkle.included(algorithm, data, seq, size, proof, root):
            pkg.add(
                FAIL,
                "条目 #%d：记录与账本不符（记录被改动？）" % seq,
                "entry #%d: record NOT in the log (altered?)" % seq,
            )
            continue
        try:
            records[seq] = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            pkg.add(FAIL, "条目 #%d：记录无法读取" % seq, "entry #%d: record unreadable" % seq)
            continue
        pkg.add(
            OK,
            "条目 #%d：已记入账本（%s）" % (seq, records[seq].get("kind", "")),
            "entry #%d: in the log (%s)" % (seq, records[seq].get("kind", "")),
        )
    return records


def check_files(pkg, records):
    for seq, record in sorted(records.items()):
        payload = record.get("payload") if isinstance(record, dict) else None
        file = payload.get("file") if isinstance(payload, dict) else None
        if not isinstance(file, dict):
            continue
        digest = str(file.get("digest", ""))
        data = pkg.read("files/" + digest) if digest else None
        if data is None:
            pkg.add(
                FAIL,
                "条目 #%d：缺少文件 %s" % (seq, digest),
                "entry #%d: file %s missing" % (seq, digest),
            )
            continue
        try:
            actual = hashlib.new(str(file.get("algorithm", "sha256")), data).hexdigest()
        except ValueError:
            actual = ""
        if actual != digest or len(data) != file.get("size"):
            pkg.add(
                FAIL,
                "条目 #%d：文件已被改动 %s" % (seq, digest),
                "entry #%d: file ALTERED %s" % (seq, digest),
            )
        else:
            pkg.add(
                OK,
                "条目 #%d：文件完整 %s" % (seq, file.get("name") or digest),
                "entry #%d: file intact %s" % (seq, file.get("name") or digest),
            )


def check_chain(pkg, manifest, records):
    """Completeness: the issuing entry names the subject's count; each entry names the one
    before it, so an entry left out leaves a gap."""
    issued_seq = manifest.get("issued_entry")
    if issued_seq is None:
        pkg.add(
            NOTE,
            "本证据包只含选定的条目：证明这些条目未被改动，但不证明本案没有其他条目",
            "this package holds chosen entries: it proves they are unaltered, not that there are no others",
        )
        return
    issued = records.get(issued_seq)
    if not isinstance(issued, dict) or issued.get("kind") != "ledger.package_issued":
        raise Stop(
            "证据包的出具记录缺失或被改动，无法证明完整",
            "the package's issuing entry is missing or altered: completeness cannot be shown",
        )
    subject = issued.get("subject")
    chain = sorted(s for s, r in records.items() if r.get("subject") == subject and s < issued_seq)
    count = issued.get("payload", {}).get("count")
    present = set(chain)
    gaps = []
    previous = None
    for seq in [*chain, issued_seq]:
        record = records[seq]
        if "prev" not in record:
            previous = seq
            continue
        expected = record.get("prev")
        if expected != previous:
            gaps.append(expected if expected not in present else seq)
        previous = seq
    if gaps or len(chain) != count:
        missing = sorted({g for g in gaps if g is not None and g not in present})
        listed = "、".join("#%d" % g for g in missing) or "?"
        pkg.add(
            FAIL,
            "证据包不完整：本案共有 %s 条记录，包内只有 %d 条；缺少 %s"
            % (count, len(chain), listed),
            "the package is INCOMPLETE: the case has %s entries, the package %d; missing %s"
            % (count, len(chain), ", ".join("#%d" % g for g in missing) or "?"),
        )
        return
    pkg.complete = True
    pkg.add(
        OK,
        "证据包完整：%s 的全部 %d 条记录都在包内，前后相接，无遗漏" % (subject, count),
        "package complete: all %d entries of %s are here, each linked to the one before"
        % (count, subject),
    )


def check_attachments(pkg, manifest, records):
    issued = records.get(manifest.get("issued_entry")) or {}
    recorded = (issued.get("payload") or {}).get("attachments") or {}
    names = manifest.get("attachments") or []
    for name in sorted(set(names) | set(recorded)):
        data = pkg.read(name)
        if name not in recorded:
            pkg.add(
                FAIL,
                f"{name} 不在出具记录中，不可信",
                f"{name} is not recorded by the issuing entry",
            )
        elif data is None:
            pkg.add(FAIL, f"缺少 {name}", f"{name} is missing")
        elif hashlib.sha256(data).hexdigest() != recorded[name]:
            pkg.add(
                FAIL,
                f"{name} 已被改动（与出具时记入账本的哈希不符）",
                f"{name} was ALTERED (its hash differs from the one recorded when issued)",
            )
        else:
            pkg.add(
                OK,
                f"{name} 与出具时记入账本的一致",
                f"{name} matches the hash recorded when issued",
            )


def check_timestamp(pkg, manifest, text, tsa_fingerprints):
    name = manifest.get("timestamp")
    if not name:
        pkg.add(NOTE, "检查点没有可信时间戳", "the checkpoint has no trusted timestamp")
        return
    data = pkg.read(str(name))
    if data is None:
        pkg.add(
            FAIL,
            f"缺少可信时间戳文件 {name}",
            f"the timestamp file {name} is missing",
        )
        return
    status, zh, en = timestamp.check(data, text.encode("utf-8"), tsa_fingerprints)
    pkg.add(status, zh, en)
