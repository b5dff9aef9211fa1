"""Ingest of a large file into the evidence store, against ``sha256sum`` of the same file.

Stores a file (default 1 GiB of random bytes) with ``store_file`` in a child process and
reports its wall time and peak memory; the baseline is ``sha256sum`` on the same file, run
in the same session right before (page cache warm for both).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import ledger_common as common

CHILD = """
import resource, sys, time
sys.path.insert(0, sys.argv[3])
import ledger_common as common
common.setup(sys.argv[2], var_dir=sys.argv[4], fresh=False, migrate=False)
from sanxiang.ledger.store import store_file
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
with open(sys.argv[1], "rb") as handle:
    blob = store_file(fileobj=handle, actor=None, kind="bench.ingest", name="big.bin")
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(seconds, before, peak, blob.digest)
"""


def main() -> None:
    cli = common.parser(__doc__ or "")
    cli.add_argument("--mib", type=int, default=1024)
    args = cli.parse_args()
    var = tempfile.mkdtemp(prefix="sx-ledger-ingest-")
    big = Path(var) / "big.bin"
    with open(big, "wb") as handle:
        for _ in range(args.mib):
            handle.write(os.urandom(1024 * 1024))
    size = args.mib * 1024 * 1024

    def sha256sum() -> str:
        return subprocess.run(["sha256sum", str(big)], capture_output=True, text=True).stdout

    sha256sum()  # warm the page cache
    start = time.perf_counter()
    expected = sha256sum().split()[0]
    baseline = time.perf_counter() - start

    bench_dir = str(Path(__file__).resolve().parent)
    migrate = "import sys; sys.path.insert(0, sys.argv[1]); import ledger_common as c; "
    migrate += "c.setup(sys.argv[2], var_dir=sys.argv[3])"
    subprocess.run([sys.executable, "-c", migrate, bench_dir, args.db, var], check=True)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(big), args.db, bench_dir, var],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    seconds, before, peak, digest = float(out[0]), int(out[1]), int(out[2]), out[3]
    assert digest == expected, (digest, expected)
    mib = size / 2**20
    common.report(
        [
            f"machine: {common.machine()}",
            f"file: {mib:.0f} MiB of random bytes",
            f"baseline sha256sum: {baseline:.2f} s = {mib / baseline:,.0f} MiB/s",
            f"store_file (hash while streaming to a staging file, fsync, rename, "
            f"Blob row + ledger entry): {seconds:.2f} s = {mib / seconds:,.0f} MiB/s "
            f"= {baseline / seconds:.0%} of sha256sum",
            f"peak memory of the storing process: {peak / 1024:.0f} MiB "
            f"({before / 1024:.0f} MiB after Django start-up, "
            f"+{(peak - before) / 1024:.0f} MiB while storing)",
        ]
    )
    big.unlink()
    _ = resource  # the child reports ru_maxrss (KiB on Linux)


if __name__ == "__main__":
    main()
