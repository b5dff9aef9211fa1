"""Evidence packages (证据包): entries, their files, inclusion proofs, the signed head, and a
standalone verifier with a README for a court clerk, in one zip."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from sanxiang.ledger import selectors, services, signing
from sanxiang.ledger.models import Entry, SignedHead
from sanxiang.ledger.store import get_blob, open_blob

STANDALONE = Path(__file__).resolve().parent / "standalone"
FORMAT = "sanxiang-evidence-package/v1"


class PackageError(ValueError):
    """The package cannot be made (unknown entry, no signed head)."""


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
        "valid_from": signing.format_time(key.valid_from) if key.valid_from else None,
        "valid_until": signing.format_time(key.valid_until) if key.valid_until else None,
    }


def _covering_head(last_seq: int) -> SignedHead:
    head = selectors.latest_head()
    if head is None or head.size <= last_seq:
        services.sign_tree_head()
        head = selectors.latest_head()
    if head is None or head.size <= last_seq:
        raise PackageError(f"entry #{last_seq} is not in the log")
    return head


def build_package(*, seqs: list[int]) -> bytes:
    """The zip of the given entries (and their files), proved against the latest head."""
    entries = list(Entry.objects.filter(seq__in=seqs).order_by("seq"))
    missing = sorted(set(seqs) - {e.seq for e in entries})
    if missing:
        raise PackageError(f"no such entries: {missing}")
    head = _covering_head(entries[-1].seq)
    tree = selectors.stored_tree()
    buffer = io.BytesIO()
    items = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in entries:
            leaf, proof = tree.inclusion(entry.seq, head.size)
            record_name = f"entries/{entry.seq}.json"
            archive.writestr(record_name, entry.record.encode("utf-8"))
            items.append(
                {
                    "seq": entry.seq,
                    "record": record_name,
                    "leaf_hash": leaf.hex(),
                    "proof": [item.hex() for item in proof],
                }
            )
            blob = get_blob(entry.blob) if entry.blob else None
            if blob is not None and f"files/{blob.digest}" not in archive.namelist():
                with open_blob(blob) as source, archive.open(f"files/{blob.digest}", "w") as out:
                    while chunk := source.read(1024 * 1024):
                        out.write(chunk)
        keys = [key_json(key) for key in selectors.signing_keys()]
        manifest = {"format": FORMAT, "head": head_json(head), "keys": keys, "entries": items}
        archive.writestr(
            "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
        )
        archive.write(STANDALONE / "verify_package.py", "verify_package.py")
        archive.write(STANDALONE / "README.txt", "README.txt")
    return buffer.getvalue()
