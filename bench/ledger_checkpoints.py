"""Checkpoints, witnessing and evidence packages at scale (issue 19).

In a log of ``--entries`` entries (default 1,000,000) of which ``--case`` (default 1,000)
are about one case, spread through the log:

- the cost of signing a checkpoint (the JSON head and the C2SP checkpoint, in one
  transaction) right after one more entry, median of 50, against the baseline of appending
  that one entry alone, and of one Ed25519 signature;
- what a witness does per run: a consistency proof from the size it cosigned to the new one
  (served from the stored tree) and its check, median of 200;
- building the complete package of the case (every entry with its inclusion proof, the
  issuing entry, case.json), and verifying it with the standalone verifier in a fresh
  interpreter, against the baseline of that interpreter unpacking the same zip and hashing
  every file in it with hashlib.
"""

from __future__ import annotations

import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import ledger_common as common

BATCH = 5000


def _median(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    cli = common.parser(__doc__ or "")
    cli.add_argument("--entries", type=int, default=1_000_000)
    cli.add_argument("--case", type=int, default=1_000)
    args = cli.parse_args()
    common.setup(args.db)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from django.db import connection

    from sanxiang.ledger import merkle, package, selectors, services, signing

    size, every = args.entries, max(1, args.entries // args.case)

    def populate() -> None:
        for start in range(0, size, BATCH):
            services.append_many(
                [
                    services.Draft(
                        kind="records.document",
                        subject="case:bench" if (start + i) % every == 0 else f"case:{i % 997}",
                        payload={
                            "title": "现场检查笔录",
                            "number": start + i,
                            "officers": ["张三", "李四"],
                            "place": "天津市东丽区万新街",
                        },
                    )
                    for i in range(min(BATCH, size - start))
                ]
            )

    fill = common.timed(populate)
    services.sign_tree_head()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) ledger_entry, ledger_node, ledger_checkpoint")

    append, sign = [], []
    for i in range(50):
        start = time.perf_counter()
        services.append(kind="k", payload={"i": i}, actor=None, subject="")
        middle = time.perf_counter()
        services.sign_tree_head()
        append.append(middle - start)
        sign.append(time.perf_counter() - middle)
    key = Ed25519PrivateKey.generate()
    checkpoint = selectors.latest_checkpoint()
    assert checkpoint is not None
    ed25519 = [common.timed(lambda: key.sign(checkpoint.text.encode())) for _ in range(200)]

    tree = selectors.stored_tree()
    new_size = checkpoint.size
    root = bytes(checkpoint.root)
    witness = []
    for back in range(1, 201):
        old = new_size - back * 37
        old_root = tree.root(old)
        start = time.perf_counter()
        proof = tree.consistency(old, new_size)
        assert merkle.verify_consistency(old, new_size, old_root, root, proof)
        witness.append(time.perf_counter() - start)

    case_json = json.dumps({"case": "bench"}).encode()
    build_start = time.perf_counter()
    data = package.build_subject_package(
        subject="case:bench", label="bench", actor=None, recipient="bench",
        attachments={"case.json": case_json},
    )  # fmt: skip
    build = time.perf_counter() - build_start
    entries = len(json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))["entries"])
    vkey = signing.verifier_key(selectors.current_key().public_key)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "p.zip").write_bytes(data)
        zipfile.ZipFile(io.BytesIO(data)).extract("verify_package.py", folder)
        for name in zipfile.ZipFile(io.BytesIO(data)).namelist():
            if name.startswith("sxverify/"):
                zipfile.ZipFile(io.BytesIO(data)).extract(name, folder)
        command = [sys.executable, "-I", "verify_package.py", "--key", vkey, "p.zip"]
        baseline_code = (
            "import zipfile, hashlib, tempfile; t = tempfile.mkdtemp(); "
            "z = zipfile.ZipFile('p.zip'); z.extractall(t); "
            "[hashlib.sha256(z.read(n)).digest() for n in z.namelist()]"
        )
        verify, baseline = [], []
        for _ in range(5):
            start = time.perf_counter()
            result = subprocess.run(command, cwd=folder, capture_output=True, text=True)
            verify.append(time.perf_counter() - start)
            assert result.returncode == 0, result.stdout
            start = time.perf_counter()
            subprocess.run([sys.executable, "-I", "-c", baseline_code], cwd=folder, check=True)
            baseline.append(time.perf_counter() - start)

    common.report(
        [
            f"database: {connection.vendor}; {size:,} entries filled in {fill:.1f} s "
            f"({size / fill:,.0f}/s); the case has {args.case:,} entries spread through the log",
            f"sign a checkpoint (JSON head + C2SP checkpoint) after one entry, median: "
            f"{_median(sign):.3f} ms",
            f"  baseline: append that one entry, median: {_median(append):.3f} ms; "
            f"one Ed25519 signature (cryptography): {_median(ed25519):.3f} ms",
            f"witness run: consistency proof {new_size - 7400:,}..{new_size - 37:,} -> "
            f"{new_size:,} read and checked, median: {_median(witness):.3f} ms",
            f"build the case's complete package ({entries:,} entries with proofs, "
            f"{len(data) / 1024:.0f} KiB zip): {build:.2f} s",
            f"verify it with the standalone verifier (fresh interpreter), median of 5: "
            f"{statistics.median(verify):.2f} s",
            f"  baseline: the same interpreter unpacking the zip and hashing every file, "
            f"median of 5: {statistics.median(baseline):.2f} s "
            f"(verification = {statistics.median(verify) / statistics.median(baseline):.1f}x)",
            common.machine(),
        ]
    )


if __name__ == "__main__":
    main()
