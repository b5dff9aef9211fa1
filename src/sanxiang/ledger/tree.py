"""The log's Merkle tree as stored: every perfect subtree's hash is a ``Node`` row.

Appending a leaf writes the leaf hash and the perfect subtrees it completes (one more on
average). Any root or proof is then a handful of those rows — O(log n) of them, fetched in
one query — combined with the pure algorithms of ``merkle``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import connection

from sanxiang.core import prepared
from sanxiang.ledger import merkle

T = TypeVar("T")


def frontier_hashes(frontier: bytes, width: int) -> list[bytes]:
    data = bytes(frontier)
    return [data[i : i + width] for i in range(0, len(data), width)]


def extend(
    size: int, frontier: list[bytes], leaf_hashes: Iterable[bytes], *, algorithm: str
) -> tuple[list[tuple[int, int, bytes]], list[bytes]]:
    """Append leaves to a tree given by its size and frontier.

    Returns the new nodes as (level, position, hash) and the new frontier.
    """
    frontier = list(frontier)
    nodes = []
    for leaf in leaf_hashes:
        nodes.append((0, size, leaf))
        value, level, position = leaf, 0, size
        while position & 1:
            value = merkle.node_hash(frontier.pop(), value, algorithm=algorithm)
            level, position = level + 1, position >> 1
            nodes.append((level, position, value))
        frontier.append(value)
        size += 1
    return nodes, frontier


def frontier_root(frontier: list[bytes], *, algorithm: str) -> bytes:
    if not frontier:
        return merkle.empty_root(algorithm=algorithm)
    return merkle.fold(frontier, algorithm=algorithm)


class MissingNode(LookupError):
    """A node the tree should have is not stored (the tree was damaged)."""


# PostgreSQL: one statement whatever the nodes (arrays of levels and positions), prepared
# once per connection; planning the OR-of-INs query below cost as much as running it.
_PG_FETCH = (
    "SELECT n.level, n.position, n.hash FROM ledger_node AS n "
    "JOIN unnest(%s::int[], %s::bigint[]) AS w(level, position) "
    "ON n.level = w.level AND n.position = w.position"
)


def _fetch(wanted: set[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """The hashes of the wanted (level, position) nodes, in one query on the primary key."""
    if not wanted:
        return {}
    if connection.vendor == "postgresql":
        pairs = sorted(wanted)
        rows = prepared.fetchall(_PG_FETCH, [[p[0] for p in pairs], [p[1] for p in pairs]])
        found = {(level, position): bytes(value) for level, position, value in rows}
        if wanted - found.keys():
            raise MissingNode(f"tree nodes missing: {sorted(wanted - found.keys())[:5]}")
        return found
    by_level: dict[int, list[int]] = {}
    for level, position in wanted:
        by_level.setdefault(level, []).append(position)
    clauses, params = [], []
    for level, positions in by_level.items():
        clauses.append(f"(level = %s AND position IN ({', '.join(['%s'] * len(positions))}))")
        params += [level, *positions]
    sql = f"SELECT level, position, hash FROM ledger_node WHERE {' OR '.join(clauses)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {(level, position): bytes(value) for level, position, value in cursor.fetchall()}
    missing = wanted - found.keys()
    if missing:
        raise MissingNode(f"tree nodes missing: {sorted(missing)[:5]}")
    return found


class StoredTree:
    """Subtree hashes of the stored tree, read in one batch per proof."""

    def __init__(self, *, algorithm: str) -> None:
        self.algorithm = algorithm

    def _compute(
        self, plan: list[tuple[int, int]], run: Callable[[merkle.Subtree], T]
    ) -> tuple[T, dict[tuple[int, int], bytes]]:
        wanted: set[tuple[int, int]] = set()

        def record(start: int, end: int) -> bytes:
            wanted.update(merkle.complete_subtrees(start, end))
            return b""

        run(record)
        wanted.update(plan)
        found = _fetch(wanted)

        def subtree(start: int, end: int) -> bytes:
            hashes = [found[pair] for pair in merkle.complete_subtrees(start, end)]
            return merkle.fold(hashes, algorithm=self.algorithm)

        return run(subtree), found

    def root(self, size: int) -> bytes:
        if size == 0:
            return merkle.empty_root(algorithm=self.algorithm)
        result, _found = self._compute([], lambda subtree: subtree(0, size))
        return bytes(result)

    def inclusion(self, index: int, size: int) -> tuple[bytes, list[bytes]]:
        """The leaf hash at ``index`` and its audit path in the tree of ``size`` leaves."""
        path, found = self._compute(
            [(0, index)], lambda subtree: merkle.inclusion_path(index, size, subtree)
        )
        return found[(0, index)], list(path)

    def consistency(self, old_size: int, new_size: int) -> list[bytes]:
        path, _found = self._compute(
            [], lambda subtree: merkle.consistency_path(old_size, new_size, subtree)
        )
        return list(path)
