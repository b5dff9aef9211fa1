"""Demo data for the ledger: a signing key under SANXIANG_VAR_DIR and a signed tree head.

Idempotent: the key is made once; a head is signed only when the log has grown.
"""

from __future__ import annotations

from typing import Any

from sanxiang.ledger import services, signing
from sanxiang.ledger.models import Entry


def load(*, stdout: Any) -> None:
    key_id = signing.key_id(signing.raw_public_key(signing.private_key()))
    if not Entry.objects.exists():
        services.append(
            kind="ledger.opened",
            payload={"note": "三项制度平台账本启用"},
            actor=None,
            subject="ledger",
        )
    head = services.sign_tree_head()
    if head is None:
        stdout.write(f"ledger: key {key_id}; signed head already current")
    else:
        stdout.write(f"ledger: key {key_id}; signed tree head at size {head.size}")
