"""Cost of encrypting parties' personal data (core.pii), against a plain copy of the bytes.

Per value: encrypt, decrypt and the keyed hash of an 18-character ID number, under
AES-256-GCM and SM4-GCM; baseline in the same run: SHA-256 of the same value (what any hashing
of it costs at all). Then the write path: saving 2,000 parties through the encrypted
properties vs. the same rows with the ciphertext columns filled with fixed text, and
``sanxiang pii-rekey`` over them. SQLite in a fresh directory under /tmp (``--db postgres``
for PostgreSQL). Not run in CI. Usage: ``python bench/pii_crypto.py [--db postgres]``.
"""

from __future__ import annotations

import hashlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import ledger_common as common

ID = "120110198506150017"
ROUNDS = 20_000
PARTIES = 2_000
PHONE = "13812345678"
ADDRESS = "天津市东丽区成林道88号"


def per_call(function: Callable[[], object], rounds: int = ROUNDS) -> float:
    """Median of five timings, in microseconds per call."""
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(rounds):
            function()
        timings.append((time.perf_counter() - start) / rounds * 1e6)
    return statistics.median(timings)


def main() -> None:
    args = common.parser(__doc__ or "").parse_args()
    common.setup(args.db)
    from django.db import transaction
    from django.test import override_settings

    from sanxiang.agencies.models import Agency
    from sanxiang.cases.models import Party
    from sanxiang.cases.rekey import rekey_parties
    from sanxiang.core import pii

    print(common.machine())
    baseline = per_call(lambda: hashlib.sha256(ID.encode()).digest())
    print(f"baseline sha256 of the value: {baseline:.2f} µs")
    for cipher in ("aes-256-gcm", "sm4-gcm"):
        with override_settings(PII_CIPHER=cipher):
            stored = pii.encrypt(ID, purpose="bench")
            enc = per_call(lambda: pii.encrypt(ID, purpose="bench"))
            dec = per_call(lambda: pii.decrypt(stored, purpose="bench"))  # noqa: B023
            mac = per_call(lambda: pii.keyed_hash(ID))
            print(f"{cipher}: encrypt {enc:.2f} µs, decrypt {dec:.2f} µs, keyed hash {mac:.2f} µs")

    agency = Agency.objects.create(code="bench", name="基准机关", uscc="91120110MA05M8XX3F")

    def rows(encrypted: bool) -> list[Party]:
        made = []
        for n in range(PARTIES):
            party = Party(agency=agency, kind="natural_person", name=f"当事人{n}")
            if encrypted:
                party.id_number = f"{ID[:-6]}{n:06d}"
                party.phone, party.address = PHONE, ADDRESS
            else:
                party.id_number_ciphertext, party.id_number_digest = ID, f"{n:064d}"
                party.phone_ciphertext, party.address_ciphertext = PHONE, ADDRESS
            made.append(party)
        return made

    for label, encrypted in (("plain columns (baseline)", False), ("encrypted", True)):
        Party.objects.all().delete()
        start = time.perf_counter()
        with transaction.atomic():
            Party.objects.bulk_create(rows(encrypted))
        print(f"{PARTIES} parties built and inserted, {label}: {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    report = rekey_parties(force=True)
    print(f"pii-rekey --all over {report.checked} parties: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
