"""Sequential reads for full verification: many rows per round trip, concatenated by the
database, so that reading a million records costs little more than hashing them.

Each function returns exactly the rows asked for, or None when the table does not hold
exactly those (a gap, an extra row, a record with a raw newline): the caller then falls back
to reading row by row, which names the fault.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection


def _one(sql: str, params: list[Any]) -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    assert row is not None
    return tuple(row)


def _rows_binary(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Every row, with PostgreSQL's binary result format: a ``bytea`` of megabytes arrives as
    it is instead of as twice as many hex digits to decode (measured: 45% less time reading
    the records, 28% less reading the hashes), and ``text`` as its UTF-8 bytes."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [tuple(row) for row in cursor.fetchall()]
    import psycopg

    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        raw_text(cursor)
        cursor.execute(sql, params, binary=True)
        return cursor.fetchall()


def raw_text(context: Any) -> None:
    """Have a psycopg connection or cursor return ``text`` received in binary as its bytes
    (UTF-8, the client encoding) instead of decoding it into ``str``."""
    from psycopg.adapt import Loader
    from psycopg.pq import Format

    class RawTextLoader(Loader):
        format = Format.BINARY

        def load(self, data: Any) -> bytes:
            return bytes(data)

    context.adapters.register_loader("text", RawTextLoader)


def supported() -> bool:
    return connection.vendor in _LEVEL_BLOB


def hashes(level: int, start: int, end: int, width: int) -> list[bytes] | None:
    """The node hashes at ``level`` for positions [start, end), one by one."""
    data = hash_blob(level, start, end, width)
    return None if data is None else [data[i : i + width] for i in range(0, len(data), width)]


def records(start: int, end: int) -> list[bytes] | None:
    """The records (UTF-8) of entries [start, end), one by one (None if a record holds a raw
    newline, which canonical JSON never does)."""
    blob = record_blob(start, end)
    parts = None if blob is None else blob.split(b"\n")
    return parts if parts is not None and len(parts) == end - start else None


def level_counts() -> dict[int, tuple[int, int]]:
    """For each stored level: (number of nodes, highest position)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT level, count(*), max(position) FROM ledger_node GROUP BY level ORDER BY level"
        )
        return {level: (count, top) for level, count, top in cursor.fetchall()}


def entry_span() -> tuple[int, int, int]:
    """(number of entries, lowest number, highest number)."""
    count, low, high = _one("SELECT count(*), min(seq), max(seq) FROM ledger_entry", [])
    return count, -1 if low is None else low, -1 if high is None else high


# The stored hashes of one level (an integer put in by ``str.format``) between two positions.
_LEVEL_BLOB = {
    "sqlite": (
        "SELECT {level}, count(*), CAST(group_concat(hash, '') AS BLOB) FROM (SELECT hash "
        "FROM ledger_node WHERE level = {level} AND position >= %s AND position < %s "
        "ORDER BY position)"
    ),
    # PostgreSQL 15 sorts the input of an aggregate with its own ORDER BY even when an index
    # already delivers it in order; a sorted subquery is kept in order by the aggregate in
    # practice (and if it ever were not, the comparison would fail and the row-by-row walk,
    # which does not depend on it, would run: slower, never wrong). Measured: 2.2× faster.
    "postgresql": (
        "SELECT {level}, count(*), string_agg(hash, ''::bytea) FROM (SELECT hash "
        "FROM ledger_node WHERE level = {level} AND position >= %s AND position < %s "
        "ORDER BY level, position) AS s{level}"
    ),
}
# The records of entries between two numbers, joined by newlines, as part {part} of a read.
_RECORD_PART = {
    "sqlite": (
        "SELECT {part}, count(*), CAST(group_concat(record, char(10)) AS BLOB) FROM (SELECT "
        "record FROM ledger_entry WHERE seq >= %s AND seq < %s ORDER BY seq)"
    ),
    # Read with ``raw_text``: the text arrives as its UTF-8 bytes (no convert_to() copy on
    # the server, no decoding here).
    "postgresql": (
        "SELECT {part}, count(*), string_agg(record, chr(10)) FROM (SELECT record "
        "FROM ledger_entry WHERE seq >= %s AND seq < %s ORDER BY seq) AS s{part}"
    ),
}
# On PostgreSQL a block's records are read by one statement in parts of about 1 MB rather
# than as one value of 17 MB: 30% less server time (measured), the server and the client no
# longer growing and copying one huge buffer. On SQLite, parts cost more than they save
# (measured: verification 15% slower).
RECORD_PARTS = {"sqlite": 1, "postgresql": 16}


def records_statement(vendor: str, start: int, end: int) -> tuple[str, list[int]]:
    """The statement reading the records of entries [start, end) in ``RECORD_PARTS`` parts,
    a row (part, count, records joined by newlines) each, and its parameters."""
    step = max(1, -(-(end - start) // RECORD_PARTS[vendor]))
    bounds = [(low, min(low + step, end)) for low in range(start, end, step)]
    sql = " UNION ALL ".join(_RECORD_PART[vendor].format(part=i) for i in range(len(bounds)))
    return sql, [bound for pair in bounds for bound in pair]


def joined_records(rows: list[tuple[Any, ...]], start: int, end: int) -> bytes | None:
    """The rows of ``records_statement`` as one blob of records joined by newlines, or None
    unless they hold exactly as many records as entries [start, end)."""
    ordered = sorted(rows, key=lambda row: row[0])
    if sum(count for _part, count, _records in ordered) != end - start:
        return None
    return b"\n".join(bytes(records or b"") for _part, count, records in ordered if count)


def levels_statement(vendor: str, levels: int) -> str:
    """One statement reading the stored hashes of levels 0..levels-1 of a block: a row
    (level, count, blob) per level, given a (first, last) pair of positions per level.

    One statement instead of one per level: on PostgreSQL half the server time (each
    statement is parsed, planned and started anew)."""
    return " UNION ALL ".join(_LEVEL_BLOB[vendor].format(level=level) for level in range(levels))


# PostgreSQL settings while reading in bulk: ranges read through the primary-key index in
# its order, not gathered by a bitmap and sorted again (the planner's choice when its
# statistics lag behind a growing log); no parallel workers of the server's own, no JIT
# compilation (once statistics are fresh, the statement reading a block's levels was
# planned as a parallel append and JIT-compiled: 38 ms of compiling per block, and 50% more
# server CPU in all). Verification runs its own processes in parallel.
READ_SETTINGS = {
    "enable_bitmapscan": "off",
    "enable_sort": "off",
    "max_parallel_workers_per_gather": "0",
    "jit": "off",
}


@contextmanager
def bulk_read_settings() -> Iterator[None]:
    """On PostgreSQL, ``READ_SETTINGS`` for the connection while reading in bulk."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        for name, value in READ_SETTINGS.items():
            cursor.execute(f"SET {name} = {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name in READ_SETTINGS:
                cursor.execute(f"RESET {name}")


def hash_blob(level: int, start: int, end: int, width: int) -> bytes | None:
    """The node hashes at ``level`` for positions [start, end), concatenated in order."""
    sql = _LEVEL_BLOB[connection.vendor].format(level=int(level))
    [(_level, count, value)] = _rows_binary(sql, [start, end])
    data = bytes(value or b"")
    if count != end - start or len(data) != count * width:
        return None
    return data


def record_blob(start: int, end: int) -> bytes | None:
    """The records (UTF-8) of entries [start, end), joined by newlines, in order.

    Canonical JSON has no raw newline; a record that does (a forgery) makes the split count
    differ, which the caller sees as a mismatch.
    """
    sql, params = records_statement(connection.vendor, start, end)
    return joined_records(_rows_binary(sql, params), start, end)


def level_span(level: int) -> tuple[int, int]:
    """(lowest, highest) position stored at ``level``, (-1, -1) if none: two index seeks."""
    low, high = _one(
        "SELECT (SELECT min(position) FROM ledger_node WHERE level = %s), "
        "(SELECT max(position) FROM ledger_node WHERE level = %s)",
        [level, level],
    )
    return (-1, -1) if low is None else (low, high)


def nodes_outside(levels: int) -> bool:
    """Whether any node is stored at a level outside 0..levels-1 (an index range)."""
    # min() and max() are two index seeks; a count with OR scanned the whole table on
    # PostgreSQL (81 ms at 2,000,000 nodes).
    low, high = _one(
        "SELECT (SELECT min(level) FROM ledger_node), (SELECT max(level) FROM ledger_node)", []
    )
    return low is not None and (low < 0 or high >= levels)


def seq_span() -> tuple[int, int]:
    """(lowest, highest) entry number, (-1, -1) if none: two primary-key seeks."""
    low, high = _one(
        "SELECT (SELECT min(seq) FROM ledger_entry), (SELECT max(seq) FROM ledger_entry)", []
    )
    return (-1, -1) if low is None else (low, high)
