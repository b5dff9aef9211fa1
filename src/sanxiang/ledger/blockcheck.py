"""One aligned block of the log checked by a worker process that reads it itself.

Full verification splits the log into aligned blocks (perfect subtrees). When every row is
committed, each worker process opens its own connection to the database (SQLite's file, or
PostgreSQL with the same parameters), reads a block's records, leaf hashes and stored
interior nodes in bulk, recomputes them and compares them, so that reading is spread over
the cores as well as hashing. Only plain values cross between processes: a ``Source`` in,
the recomputed levels (or None at the first difference) out. The parent names the faults by
walking row by row on its own connection when any block differs.

The log is append-only: rows below the size the parent read cannot change while workers
read them, except by tampering, which is what verification is looking for.
"""

from __future__ import annotations

import contextlib
import multiprocessing.util
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanxiang.ledger import bulkread, merkle

native_hash_block: Callable[[bytes, str], list[bytes]] | None
try:
    from sanxiang.ledger._levels import hash_block as native_hash_block
except ImportError:  # built without a C compiler or OpenSSL's headers (setup.py)
    native_hash_block = None


@dataclass(frozen=True)
class Source:
    """How a worker process reaches the database: plain values only."""

    vendor: str  # "sqlite" or "postgresql"
    params: tuple[tuple[str, Any], ...]  # sqlite: (("path", …),); postgresql: psycopg's


def source_of(connection: Any) -> Source | None:
    """The database as another process can open it, or None when another process could not
    see what this connection sees: uncommitted rows (inside a transaction, as in tests), or an
    in-memory SQLite database."""
    if connection.in_atomic_block or not connection.get_autocommit():
        return None
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if name == ":memory:" or "mode=memory" in name or name.startswith("file:"):
            return None
        return Source("sqlite", (("path", name),))
    if connection.vendor == "postgresql":
        params = connection.get_connection_params()
        plain = {k: v for k, v in params.items() if isinstance(v, (str, int)) and v != ""}
        return Source("postgresql", tuple(sorted(plain.items())))
    return None


@contextlib.contextmanager
def _reader(source: Source) -> Iterator[Callable[[str, list[Any]], list[tuple[Any, ...]]]]:
    """A function running one of ``bulkread``'s statements (``%s`` placeholders) and
    returning its rows, on a connection of this process's own, closed afterwards."""
    if source.vendor == "sqlite":
        import sqlite3

        path = dict(source.params)["path"]
        # As a URI (percent-encoded: a path may hold "?" or "#"), read-only.
        db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)

        def sqlite_rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
            return db.execute(sql.replace("%s", "?"), params).fetchall()

        try:
            yield sqlite_rows
        finally:
            db.close()
        return
    import psycopg

    params = {**dict(source.params), "client_encoding": "UTF8"}
    with psycopg.connect(**params, autocommit=True) as pg:
        for name, value in bulkread.READ_SETTINGS.items():
            pg.execute(f"SET {name} = {value}")
        bulkread.raw_text(pg)

        def pg_rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
            return pg.execute(sql, params, binary=True).fetchall()

        yield pg_rows


_held: tuple[Source, Callable[[str, list[Any]], list[tuple[Any, ...]]]] | None = None


def hold_reader(source: Source) -> None:
    """Worker process initializer: open this process's connection to ``source`` once, for
    every block it checks; closed when the process exits."""
    global _held
    stack = contextlib.ExitStack()
    _held = (source, stack.enter_context(_reader(source)))
    multiprocessing.util.Finalize(None, stack.close, exitpriority=10)


@contextlib.contextmanager
def _rows_for(source: Source) -> Iterator[Callable[[str, list[Any]], list[tuple[Any, ...]]]]:
    """The held connection of this worker process, else one opened for the call."""
    if _held is not None and _held[0] == source:
        yield _held[1]
        return
    with _reader(source) as rows:
        yield rows


def check_block(source: Source, start: int, end: int, algorithm: str) -> list[bytes] | None:
    """The levels of the block [start, end) recomputed from its records (level 0 first, each
    one blob), if the stored leaf hashes and interior nodes inside it equal them; else None.

    ``start`` is a multiple of the block size; ``end`` is the next one or the log's size.
    """
    vendor = source.vendor
    with _rows_for(source) as rows:
        records = bulkread.joined_records(
            rows(*bulkread.records_statement(vendor, start, end)), start, end
        )
        if records is None:
            return None
        levels = hash_block(records, algorithm)
        spans = [(start >> level, end >> level) for level in range(len(levels))]
        statement = bulkread.levels_statement(vendor, len(levels))
        stored = rows(statement, [bound for span in spans for bound in span])
    if len(stored) != len(levels):
        return None
    for level, count, blob in stored:
        first, last = spans[level]
        if count != last - first or bytes(blob or b"") != levels[level]:
            return None
    return levels


def hash_block(records: bytes, algorithm: str) -> list[bytes]:
    """The leaf hashes and every level of the subtree of one aligned block of records.

    ``records`` are joined by newlines; the result has one blob per level (level 0 first),
    each the concatenation of that level's hashes. Hashed in native code (``_levels.c``,
    OpenSSL in a loop: several times faster) when it was built, else in Python.
    """
    if native_hash_block is not None:
        return native_hash_block(records, algorithm)
    return python_hash_block(records, algorithm)


def python_hash_block(records: bytes, algorithm: str) -> list[bytes]:
    """``hash_block`` in Python: the definition the native version is tested against."""
    tree = merkle.MemoryTree.from_leaves(records.split(b"\n"), algorithm=algorithm)
    return [b"".join(level) for level in tree.levels]
