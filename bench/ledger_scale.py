"""Proof cost and full verification at scale (default 1,000,000 entries).

- inclusion and consistency proofs against the full tree: median and 99th percentile of
  1,000 random proofs, against the baseline of reading one entry by its number;
- ``verify_ledger()`` over every entry, node and head, against the baseline of hashing the
  same leaf bytes (the records, already in memory) with hashlib in one process.
"""

from __future__ import annotations

import os
import random
import statistics
import time

import ledger_common as common

BATCH = 5000


def _percentiles(samples: list[float]) -> str:
    samples = sorted(samples)
    p99 = samples[int(len(samples) * 0.99) - 1]
    return f"median {statistics.median(samples) * 1000:.3f} ms, p99 {p99 * 1000:.3f} ms"


def main() -> None:
    cli = common.parser(__doc__ or "")
    cli.add_argument("--entries", type=int, default=1_000_000)
    args = cli.parse_args()
    common.setup(args.db)
    from django.db import connection

    from sanxiang.ledger import selectors, services
    from sanxiang.ledger.models import Entry
    from sanxiang.ledger.verify import verify_ledger

    size = args.entries

    def populate() -> None:
        for start in range(0, size, BATCH):
            services.append_many(
                [
                    services.Draft(
                        kind="records.document",
                        subject=f"case:2025-{(start + i) % 997:04d}",
                        payload={
                            "title": "现场检查笔录",
                            "pages": 3,
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
        # What autovacuum would have done by now on a live installation (it is off on some
        # machines): fresh statistics and visibility, so the plans measured are production's.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) ledger_entry, ledger_node")
    tree = selectors.stored_tree()
    rng = random.Random(9162)

    def sample(func, count: int = 1000) -> list[float]:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(count):
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
        return times

    inclusion = sample(lambda: tree.inclusion(rng.randrange(size), size))
    consistency = sample(lambda: tree.consistency(rng.randrange(1, size), size))
    lookup = sample(
        lambda: Entry.objects.filter(seq=rng.randrange(size)).values_list("record").first()
    )

    from sanxiang.ledger import verify

    # Verification in one process and with a worker per core, measured both ways (best of
    # two each) rather than left to the load rule, which the fill above can tip either way.
    timings: dict[int, float] = {}
    server_cpu: dict[int, float] = {}  # PostgreSQL's own CPU seconds during one verification
    for workers in (0, os.cpu_count() or 1):
        verify.WORKERS = workers
        timings[workers] = min(common.timed(lambda: verify_ledger()) for _ in range(2))
        before = common.postgres_cpu() if connection.vendor == "postgresql" else None
        report = verify_ledger()
        after = common.postgres_cpu() if before is not None else None
        if before is not None and after is not None:
            server_cpu[workers] = after - before
        assert report.ok, report.faults[:5]
    verify.WORKERS = None
    workers, verify_seconds = min(timings.items(), key=lambda item: item[1])

    with connection.cursor() as cursor:
        cursor.execute("SELECT record FROM ledger_entry ORDER BY seq")
        records = [row[0].encode() for row in cursor.fetchall()]
    import hashlib

    sha256 = hashlib.sha256
    baseline = common.timed(lambda: [sha256(record).digest() for record in records])
    from sanxiang.ledger import merkle

    # The Merkle part of verification alone: every leaf hash and interior node recomputed
    # from the same leaf bytes in memory, and the root compared with the signed one.
    head = selectors.latest_head()
    assert head is not None
    in_memory = common.timed(
        lambda: merkle.MemoryTree.from_leaves(records).root() == bytes(head.root)
    )
    # The same with the levels of each aligned block hashed in native code, as verification
    # does (blockcheck.hash_block; the Python definition if the extension was not built).
    from sanxiang.ledger import blockcheck

    blocks = [b"\n".join(records[i : i + verify.BLOCK]) for i in range(0, size, verify.BLOCK)]
    native = common.timed(lambda: [blockcheck.hash_block(block, "sha256") for block in blocks])
    hasher = "native" if blockcheck.native_hash_block is not None else "Python (not built)"
    leaf_bytes = sum(len(r) for r in records)
    common.report(
        [
            f"machine: {common.machine()}",
            f"database: {connection.vendor}; {size:,} entries "
            f"(filled in {fill:.1f} s = {size / fill:,.0f} entries/s; "
            f"mean record {leaf_bytes / size:.0f} bytes)",
            f"inclusion proof: {_percentiles(inclusion)}",
            f"consistency proof: {_percentiles(consistency)}",
            f"baseline, one entry read by number: {_percentiles(lookup)}",
            *(
                f"full verify, {f'{n} worker processes' if n else 'one process'}: {seconds:.2f} s "
                f"= {size / seconds:,.0f} entries/s"
                for n, seconds in timings.items()
            ),
            f"baseline, hashlib sha256 of the same leaf bytes in memory: {baseline:.2f} s = "
            f"{size / baseline:,.0f} leaves/s",
            f"verify throughput / baseline (the faster way): {baseline / verify_seconds:.0%}",
            f"Merkle recomputation alone (all leaf and node hashes, in memory): "
            f"{in_memory:.2f} s = {baseline / in_memory:.0%} of the baseline",
            f"the same, blocks' levels hashed by blockcheck.hash_block ({hasher}): "
            f"{native:.2f} s = {baseline / native:.0%} of the baseline",
            *(
                f"PostgreSQL's own CPU during one verify, "
                f"{f'{n} worker processes' if n else 'one process'}: {seconds:.2f} s"
                for n, seconds in server_cpu.items()
            ),
        ]
    )


if __name__ == "__main__":
    main()
