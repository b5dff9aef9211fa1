"""Evidence packages (证据包): ledger entries with their files and inclusion proofs to one
signed checkpoint, and a standalone verifier (standard library only) with a README, in one zip.

A subject's package (``build_subject_package``, e.g. every entry of a case) proves it is
complete: it first appends a ``ledger.package_issued`` entry naming the subject's last entry
and count and the SHA-256 of each attachment (such as the case file's index), then proves
every entry of the subject against a checkpoint that covers it. Each entry names the one
before it (``prev``), so the verifier finds any entry left out. A package of chosen entries
(``build_package``) proves only that those entries are in the log, unaltered.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from sanxiang.ledger import selectors, services, signing
from sanxiang.ledger.models import Checkpoint, Entry, SignedHead
from sanxiang.ledger.store import get_blob, open_blob

STANDALONE = Path(__file__).resolve().parent / "standalone"
FORMAT = "sanxiang-evidence-package/v2"
ISSUED_KIND = "ledger.package_issued"
ATTACHMENT_NAMES = frozenset({"case.json"})


class PackageError(ValueError):
    """The package cannot be made (unknown entry, no signed checkpoint)."""


def head_json(head: SignedHead) -> dict[str, object]:
    return {
        "origin": head.origin,
        "algorithm": head.algorithm,
        "size": head.size,
        "root": bytes(head.root).hex(),
        "time": signing.format_time(head.signed_at),
        "key_id": head.key_id,
        "public_key": signing.b64(head.public_key),
        "signature": signing.b64(head.signature),
    }


def key_json(key: selectors.KeyInfo) -> dict[str, object]:
    """A signing key as published: fingerprint, public key (base64) and validity (UTC)."""
    return {
        "key_id": key.key_id,
        "public_key": signing.b64(key.public_key),
        "verifier_key": signing.verifier_key(key.public_key),
        "valid_from": signing.format_time(key.valid_from) if key.valid_from else None,
        "valid_until": signing.format_time(key.valid_until) if key.valid_until else None,
    }


def _covering_checkpoint(last_seq: int) -> Checkpoint:
    checkpoint = selectors.latest_checkpoint()
    if checkpoint is None or checkpoint.size <= last_seq:
        services.sign_tree_head()
        checkpoint = selectors.latest_checkpoint()
    if checkpoint is None or checkpoint.size <= last_seq:
        raise PackageError(f"entry #{last_seq} is not in a signed checkpoint")
    return checkpoint


def _timestamp_of(checkpoint: Checkpoint) -> Any:
    """The checkpoint's trusted timestamp; asked for now if an authority is configured (a
    package without one is still good: the verifier says it has none)."""
    from sanxiang.ledger import timestamps

    stamp = getattr(checkpoint, "timestamp", None)
    if stamp is None and settings.LEDGER_TSA_URL:
        try:
            stamp = timestamps.stamp(checkpoint)
        except timestamps.TimestampError:
            timestamps.logger.exception("package checkpoint %s not timestamped", checkpoint.size)
    return stamp


def _copy_file(archive: zipfile.ZipFile, entry: Entry) -> None:
    blob = get_blob(entry.blob) if entry.blob else None
    if blob is None or f"files/{blob.digest}" in archive.namelist():
        return
    with open_blob(blob) as source, archive.open(f"files/{blob.digest}", "w") as out:
        while chunk := source.read(1024 * 1024):
            out.write(chunk)


def _write(
    entries: list[Entry], *, issued: Entry | None, label: str, attachments: dict[str, bytes]
) -> bytes:
    checkpoint = _covering_checkpoint(entries[-1].seq)
    tree = selectors.stored_tree()
    stamp = _timestamp_of(checkpoint)
    buffer = io.BytesIO()
    items = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in entries:
            _leaf, proof = tree.inclusion(entry.seq, checkpoint.size)
            record_name = f"entries/{entry.seq}.json"
            archive.writestr(record_name, entry.record.encode("utf-8"))
            items.append(
                {
                    "seq": entry.seq,
                    "record": record_name,
                    "proof": [base64.b64encode(p).decode() for p in proof],
                }
            )
            _copy_file(archive, entry)
        archive.writestr("checkpoint.txt", selectors.published_note(checkpoint).encode())
        if stamp is not None:
            archive.writestr("checkpoint.tsr", bytes(stamp.token))
        for name, data in attachments.items():
            archive.writestr(name, data)
        manifest = _manifest(checkpoint, items, issued=issued, label=label, stamp=stamp)
        manifest["attachments"] = sorted(attachments)
        archive.writestr(
            "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
        )
        _add_verifier(archive)
    return buffer.getvalue()


def _manifest(
    checkpoint: Checkpoint, items: list[dict[str, Any]], *, issued: Entry | None, label: str,
    stamp: Any,
) -> dict[str, Any]:  # fmt: skip
    from sanxiang.ledger.models import Witness

    return {
        "format": FORMAT,
        "label": label,
        "origin": checkpoint.origin,
        "algorithm": selectors.log_algorithm(),
        "checkpoint": "checkpoint.txt",
        "timestamp": "checkpoint.tsr" if stamp is not None else None,
        "issued_entry": issued.seq if issued is not None else None,
        "entries": items,
        # For information only: the verifier trusts the keys it is given, not these.
        "verifier_key": signing.verifier_key(selectors.current_key().public_key),
        "witnesses": [
            {"label": w.label, "name": w.name}
            for w in Witness.objects.filter(active=True).order_by("label")
        ],
    }


def _add_verifier(archive: zipfile.ZipFile) -> None:
    archive.write(STANDALONE / "verify_package.py", "verify_package.py")
    archive.write(STANDALONE / "README.txt", "README.txt")
    for module in sorted((STANDALONE / "sxverify").glob("*.py")):
        archive.write(module, f"sxverify/{module.name}")


def build_package(*, seqs: list[int]) -> bytes:
    """The zip of the given entries (and their files), proved against the latest checkpoint.
    It proves these entries are in the log unaltered, not that no other entry exists."""
    entries = list(Entry.objects.filter(seq__in=seqs).order_by("seq"))
    missing = sorted(set(seqs) - {e.seq for e in entries})
    if missing or not entries:
        raise PackageError(f"no such entries: {missing or seqs}")
    return _write(entries, issued=None, label="", attachments={})


def build_subject_package(
    *, subject: str, label: str, actor: Any, recipient: str,
    attachments: dict[str, bytes] | None = None,
) -> bytes:  # fmt: skip
    """Every entry of ``subject`` (e.g. "case:12"), complete, with ``attachments`` whose
    hashes the issuing entry records. The issue is itself a ledger entry of the subject:
    who made the package, for whom, and what it holds."""
    attachments = attachments or {}
    if set(attachments) - ATTACHMENT_NAMES:
        raise PackageError(f"attachments may be named {sorted(ATTACHMENT_NAMES)}")
    with transaction.atomic():
        previous = Entry.objects.filter(subject=subject)
        count = previous.count()
        if not count:
            raise PackageError(f"nothing is recorded about {subject}")
        issued = services.append(
            kind=ISSUED_KIND, actor=actor, subject=subject,
            payload={
                "count": count, "recipient": recipient[:200],
                "attachments": {n: hashlib.sha256(d).hexdigest() for n, d in attachments.items()},
            },
        )  # fmt: skip
    entries = list(Entry.objects.filter(subject=subject, seq__lte=issued.seq).order_by("seq"))
    return _write(entries, issued=issued, label=label, attachments=attachments)
