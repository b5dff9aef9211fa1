"""Re-encryption of parties' personal data under the newest key (``sanxiang pii-rekey``).

After a new key is put first in ``SANXIANG_PII_KEYS`` (the old ones still listed), new
values are encrypted under it at once; this re-encrypts the existing rows, and recomputes
the ID numbers' keyed hashes (after a change of ``SANXIANG_PII_HASH_KEY`` or of the cipher).
Rows go in batches, each in its own transaction: an interrupted run leaves every row readable
and is simply run again. Afterwards the old key may be removed from the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from sanxiang.cases.models import Party
from sanxiang.core import pii
from sanxiang.core.audit import Kind, record_security_event
from sanxiang.ledger import services as ledger

BATCH = 500
COLUMNS = ["id_number_ciphertext", "id_number_digest", "address_ciphertext", "phone_ciphertext"]


@dataclass
class RekeyReport:
    checked: int = 0
    rewritten: int = 0
    key_id: str = ""


def _stale(party: Party, newest: str, cipher: str) -> bool:
    for column in ("id_number_ciphertext", "address_ciphertext", "phone_ciphertext"):
        stored = getattr(party, column)
        if stored and (pii.key_id_of(stored) != newest or stored.split(":")[1] != cipher):
            return True
    return party.id_number_digest != pii.keyed_hash(party.id_number)


def rekey_parties(*, actor: object = None, force: bool = False) -> RekeyReport:
    """Re-encrypt every party whose data is under an older key (or all, with ``force``)."""
    newest = pii.keyring().newest
    cipher = pii.CIPHERS[pii.current_cipher()]
    report = RekeyReport(key_id=newest)
    last = 0
    while True:
        with transaction.atomic():
            rows = list(
                Party.objects.select_for_update().filter(pk__gt=last).order_by("pk")[:BATCH]
            )
            for party in rows:
                report.checked += 1
                if force or _stale(party, newest, cipher):
                    # Reading decrypts under whichever key sealed it; writing seals under the newest.
                    party.id_number, party.address, party.phone = (
                        party.id_number, party.address, party.phone,
                    )  # fmt: skip
                    party.save(update_fields=COLUMNS)
                    report.rewritten += 1
        if len(rows) < BATCH:
            break
        last = rows[-1].pk
    with transaction.atomic():
        ledger.append(
            kind="pii.rekeyed",
            payload={"key": newest, "cipher": pii.current_cipher(), "rows": report.rewritten},
            actor=actor,
            subject="pii:parties",
        )
        record_security_event(
            kind=Kind.KEY_CHANGED,
            actor=actor,
            detail={"which": "pii", "to": newest, "rows": report.rewritten},
        )
    return report
