"""Append throughput of the ledger, batched (entries/s), against a plain bulk insert.

The baseline inserts the same records into a plain table (number and record, primary key
only) with no Merkle work (no leaf or node hashes, no node rows, no state row, no generated
search columns): what the database alone costs for the same bytes.
"""

from __future__ import annotations

import ledger_common as common

BATCH = 1000


def main() -> None:
    args = common.parser(__doc__ or "").parse_args()
    common.setup(args.db)
    from django.db import connection, transaction

    from sanxiang.ledger import services
    from sanxiang.ledger.models import Entry

    total = 100_000 if args.db == "sqlite" else 50_000

    def drafts(start: int) -> list[services.Draft]:
        return [
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
            for i in range(BATCH)
        ]

    def ledger() -> None:
        for start in range(0, total, BATCH):
            services.append_many(drafts(start))

    seconds = common.timed(ledger)

    # Baseline: the same rows, bulk-inserted into a copy of the table without Merkle work.
    sample = list(Entry.objects.order_by("seq")[:BATCH])
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_plain (seq bigint PRIMARY KEY, record text NOT NULL)")

    def plain() -> None:
        for start in range(0, total, BATCH):
            rows = [(start + i, e.record) for i, e in enumerate(sample)]
            with transaction.atomic():
                # the same insert path as the ledger's (COPY on PostgreSQL)
                services._insert(
                    services._ENTRY_INSERT.replace("ledger_entry", "bench_plain"),
                    services._ENTRY_COPY.replace("ledger_entry", "bench_plain"),
                    rows,
                )

    baseline = common.timed(plain)
    common.report(
        [
            f"machine: {common.machine()}",
            f"database: {connection.vendor}",
            f"ledger append, batches of {BATCH}: {total} entries in {seconds:.2f} s = "
            f"{total / seconds:,.0f} entries/s",
            f"baseline plain bulk insert of the same rows: {total / baseline:,.0f} rows/s",
        ]
    )


if __name__ == "__main__":
    main()
