"""Full verification of the ledger: every record, every tree node, every signed head, and
(optionally) every stored file. Each fault names the entry, node, head or file concerned.

The tree of record is the stored leaf hashes (level 0): proofs are served from it and signed
heads commit to it. Each entry's record must hash to the leaf at its number; every stored
interior node must equal the hash of its children; every signed head must carry a valid
signature by the log's key over the root that the leaves give at its size.
"""

from __future__ import annotations

import functools
import gc
import itertools
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import connection
from django.utils.translation import gettext as _

from sanxiang.ledger import blockcheck, bulkread, merkle, note, selectors, signing
from sanxiang.ledger.choices import FaultKind
from sanxiang.ledger.models import Blob, Checkpoint, Entry, LogState, SignedHead
from sanxiang.ledger.selectors import log_algorithm
from sanxiang.ledger.services import ROTATION_KIND
from sanxiang.ledger.tree import frontier_hashes, frontier_root

CHUNK = 20_000  # rows per round trip when walking row by row to name faults
BLOCK = 1 << 16  # leaves per aligned subtree read and hashed at once (a power of two)
PARALLEL_FROM = 50_000  # from this many entries, blocks may be hashed in worker processes
WORKERS: int | None = None  # worker processes; None: decide from the idle cores (see below)


def _workers() -> int:
    """How many worker processes to hash with (0: hash in this process).

    Workers only pay when a core is idle besides the one this process reads with: on a
    busy machine they compete with it and the bytes sent to them are pure overhead
    (measured: docs/benchmarks.md, Ledger, run D).
    """
    if WORKERS is not None:
        return WORKERS
    cores = os.cpu_count() or 1
    idle = cores - os.getloadavg()[0]
    return cores if cores >= 2 and idle >= 1 else 0


@dataclass(frozen=True)
class Fault:
    kind: FaultKind
    target: str  # "#12", "node 3/5", "head 40", "file sha256:ab…"
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.target}: {self.kind.label}"
        return f"{text} ({self.detail})" if self.detail else text


@dataclass
class Report:
    size: int = 0
    heads: int = 0
    files: int = 0
    faults: list[Fault] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.faults

    def add(self, kind: FaultKind, target: str, detail: str = "") -> None:
        self.faults.append(Fault(kind, target, detail))


def _rows(sql: str) -> Iterator[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def _chunks(size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, size, CHUNK):
        yield start, min(start + CHUNK, size)


def _bulk_level(level: int, size: int, width: int) -> list[bytes] | None:
    """All hashes of a level read in bulk, or None if the level is not exactly 0..size-1."""
    result: list[bytes] = []
    for start, end in _chunks(size):
        part = bulkread.hashes(level, start, end, width)
        if part is None:
            return None
        result += part
    return result


def _stored_leaves(report: Report, width: int) -> list[bytes]:
    count, top = bulkread.level_counts().get(0, (0, -1)) if bulkread.supported() else (0, 0)
    if bulkread.supported() and count == top + 1:
        fast = _bulk_level(0, count, width)
        if fast is not None:
            return fast
    leaves: list[bytes] = []
    for position, value in _rows(
        "SELECT position, hash FROM ledger_node WHERE level = 0 ORDER BY position"
    ):
        while len(leaves) < position:
            report.add(FaultKind.NODE_MISSING, f"node 0/{len(leaves)}")
            leaves.append(b"")
        leaves.append(bytes(value))
    return leaves


def _entries_in_bulk(leaves: list[bytes], algorithm: str) -> bool:
    """True when every record is in place and hashes to its leaf (checked in bulk)."""
    if not bulkread.supported() or bulkread.entry_span() != (len(leaves), 0, len(leaves) - 1):
        return not leaves and bulkread.supported() and bulkread.entry_span()[0] == 0
    new = merkle.hasher(algorithm)
    for start, end in _chunks(len(leaves)):
        records = bulkread.records(start, end)
        if records is None:
            return False
        if [new(b"\x00" + record).digest() for record in records] != leaves[start:end]:
            return False
    return True


def _check_entries(report: Report, leaves: list[bytes], algorithm: str) -> None:
    if _entries_in_bulk(leaves, algorithm):
        return
    new = merkle.hasher(algorithm)
    size = len(leaves)
    expected = 0
    mismatched: list[tuple[int, bytes]] = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq, record FROM ledger_entry ORDER BY seq")
        while rows := cursor.fetchmany(CHUNK):
            hashes = [new(b"\x00" + record.encode()).digest() for _seq, record in rows]
            in_place = rows[0][0] == expected and rows[-1][0] == expected + len(rows) - 1 < size
            if in_place and hashes == leaves[expected : expected + len(rows)]:
                expected += len(rows)
                continue
            for (seq, _record), value in zip(rows, hashes, strict=True):
                for missing in range(expected, min(seq, size)):
                    report.add(FaultKind.ENTRY_MISSING, f"#{missing}")
                expected = max(expected, seq + 1)
                if seq >= size:
                    report.add(FaultKind.ENTRY_INSERTED, f"#{seq}", _("not in the tree"))
                elif value != leaves[seq]:
                    mismatched.append((seq, value))
    for missing in range(expected, size):
        report.add(FaultKind.ENTRY_MISSING, f"#{missing}")
    if mismatched:
        where = {value: position for position, value in enumerate(leaves)}
        for seq, value in mismatched:
            if value in where:
                detail = _("holds the record of entry #%(seq)s") % {"seq": where[value]}
                report.add(FaultKind.ENTRY_REORDERED, f"#{seq}", detail)
            else:
                report.add(FaultKind.ENTRY_ALTERED, f"#{seq}", _("record does not match its hash"))


def _nodes_in_bulk(tree: merkle.MemoryTree, width: int) -> bool:
    if not bulkread.supported():
        return False
    counts = bulkread.level_counts()
    wanted = {level: len(tree.levels[level]) for level in range(1, len(tree.levels))}
    wanted = {level: size for level, size in wanted.items() if size}
    stored = {level: count for level, (count, _top) in counts.items() if level > 0}
    if stored != wanted:
        return False
    return all(
        _bulk_level(level, size, width) == tree.levels[level] for level, size in wanted.items()
    )


def _check_nodes(report: Report, tree: merkle.MemoryTree) -> None:
    width = len(merkle.empty_root(algorithm=tree.algorithm))
    if _nodes_in_bulk(tree, width):
        return
    stored: dict[int, list[bytes]] = {}
    extra: list[tuple[int, int]] = []
    for level, position, value in _rows(
        "SELECT level, position, hash FROM ledger_node WHERE level > 0 ORDER BY level, position"
    ):
        row = stored.setdefault(level, [])
        if position != len(row):
            extra.append((level, position))
            continue
        row.append(bytes(value))
    for level in range(1, len(tree.levels)):
        computed, kept = tree.levels[level], stored.get(level, [])
        if computed == kept:
            continue
        for position, value in enumerate(computed):
            if position >= len(kept):
                report.add(FaultKind.NODE_MISSING, f"node {level}/{position}")
            elif kept[position] != value:
                first, last = position << level, ((position + 1) << level) - 1
                detail = _("covers entries #%(first)s–#%(last)s") % {"first": first, "last": last}
                report.add(FaultKind.NODE_ALTERED, f"node {level}/{position}", detail)
    for level, kept in stored.items():
        computed = tree.levels[level] if level < len(tree.levels) else []
        extra += [(level, position) for position in range(len(computed), len(kept))]
    for level, position in extra:
        report.add(FaultKind.NODE_ALTERED, f"node {level}/{position}", _("not part of the tree"))


def _check_keys(report: Report, keys: list[selectors.KeyInfo]) -> None:
    """Every key after the first must come from a rotation recorded in the ledger."""
    if not keys or not keys[0].registered:
        return
    recorded: dict[str, dict[str, Any]] = {}
    for record in Entry.objects.filter(kind=ROTATION_KIND).values_list("record", flat=True):
        payload = json.loads(record)["payload"]
        recorded[str(payload.get("new_key_id"))] = payload
    for previous, key in itertools.pairwise(keys):
        payload = recorded.get(key.key_id)
        expected = {
            "old_key_id": previous.key_id,
            "new_public_key": signing.b64(key.public_key),
            "valid_from": signing.format_time(key.valid_from) if key.valid_from else "",
        }
        if payload is None or any(payload.get(k) != v for k, v in expected.items()):
            report.add(
                FaultKind.KEY_UNRECORDED,
                _("signing key %(key)s") % {"key": key.key_id},
                _("no matching rotation entry in the ledger"),
            )


def _check_heads(report: Report, tree: merkle.MemoryTree | BlobTree) -> None:
    keys = selectors.signing_keys()
    _check_keys(report, keys)
    by_id = {key.key_id: key for key in keys}
    for head in SignedHead.objects.order_by("size"):
        report.heads += 1
        target = _("signed head at size %(size)s") % {"size": head.size}
        message = signing.head_message(
            origin=head.origin,
            algorithm=head.algorithm,
            size=head.size,
            root=bytes(head.root),
            signed_at=head.signed_at,
        )
        key = by_id.get(head.key_id)
        if key is None or bytes(head.public_key) != key.public_key:
            report.add(FaultKind.HEAD_KEY_UNKNOWN, target, _("key %(key)s") % {"key": head.key_id})
        else:
            try:
                Ed25519PublicKey.from_public_bytes(key.public_key).verify(
                    bytes(head.signature), message
                )
            except (InvalidSignature, ValueError):
                report.add(FaultKind.HEAD_SIGNATURE, target, _("key %(key)s") % {"key": key.key_id})
            if not key.valid_at(head.signed_at):
                detail = _("signed at %(time)s; key %(key)s is valid from %(start)s until %(end)s")
                report.add(
                    FaultKind.HEAD_KEY_NOT_VALID,
                    target,
                    detail
                    % {
                        "time": signing.format_time(head.signed_at),
                        "key": key.key_id,
                        "start": signing.format_time(key.valid_from) if key.valid_from else "—",
                        "end": signing.format_time(key.valid_until) if key.valid_until else "—",
                    },
                )
        if head.size > tree.size or tree.root(head.size) != bytes(head.root):
            report.add(
                FaultKind.HEAD_MISMATCH,
                target,
                _("entries before #%(size)s were changed after it was signed")
                % {"size": head.size},
            )


def _check_checkpoints(report: Report, tree: merkle.MemoryTree | BlobTree) -> None:
    """Each checkpoint: the log's signature by the key it names, the root the leaves give."""
    keys = {key.key_id: key for key in selectors.signing_keys()}
    for checkpoint in Checkpoint.objects.order_by("size"):
        target = _("checkpoint at size %(size)s") % {"size": checkpoint.size}
        key = keys.get(checkpoint.key_id)
        try:
            signed = note.parse_note(checkpoint.note)
            parsed = note.parse_checkpoint(signed.text)
            vkey = note.verifier_key(checkpoint.origin, key.public_key) if key else None
            good = vkey is not None and bool(note.verified_by(signed, [vkey]))
        except note.NoteError:
            good, parsed = False, None
        if not good or parsed is None or parsed.size != checkpoint.size:
            report.add(FaultKind.CHECKPOINT_SIGNATURE, target, checkpoint.key_id)
        elif checkpoint.size > tree.size or tree.root(checkpoint.size) != parsed.root:
            report.add(
                FaultKind.HEAD_MISMATCH,
                target,
                _("entries before #%(size)s were changed after it was signed")
                % {"size": checkpoint.size},
            )


def _check_state(report: Report, tree: merkle.MemoryTree | BlobTree) -> None:
    algorithm = tree.algorithm
    state = LogState.objects.filter(pk=1).first()
    if state is None:
        if tree.size:
            report.add(FaultKind.STATE_MISMATCH, _("log state"), _("missing"))
        return
    width = len(merkle.empty_root(algorithm=algorithm))
    root = frontier_root(frontier_hashes(state.frontier, width), algorithm=algorithm)
    if state.size != tree.size or root != tree.root():
        detail = _("size %(state)s, tree %(tree)s") % {"state": state.size, "tree": tree.size}
        report.add(FaultKind.STATE_MISMATCH, _("log state"), detail)


def _check_files(report: Report) -> None:
    from sanxiang.ledger.store import open_blob, rehash

    recorded = set(Entry.objects.exclude(blob="").values_list("blob", flat=True).distinct())
    blobs = {blob.digest: blob for blob in Blob.objects.all()}
    for digest in sorted(recorded - blobs.keys()):
        report.add(FaultKind.FILE_MISSING, f"file {digest}", _("recorded but not stored"))
    for digest, blob in sorted(blobs.items()):
        report.files += 1
        try:
            with open_blob(blob) as handle:
                actual, size = rehash(handle, blob.algorithm)
        except FileNotFoundError:
            report.add(FaultKind.FILE_MISSING, f"file {digest}")
            continue
        if actual != digest or size != blob.size:
            report.add(FaultKind.FILE_ALTERED, f"file {digest}", _("content does not match"))


def _hashed_blocks(
    size: int, algorithm: str
) -> Iterator[tuple[int, int, list[bytes] | None, bool]]:
    """(start, end, levels, checked) of each aligned block, in order; levels None if a block
    is unreadable or (when checked) differs from what is stored.

    Above ``PARALLEL_FROM`` entries, with a free core, blocks go to worker processes. When
    every row is committed, each worker reads its blocks itself on its own connection and
    compares every stored hash inside them (``blockcheck``; checked = True), so reading is
    spread over the cores too. Otherwise (inside a transaction, as in tests) the parent reads
    every record and the workers, which never touch the database, only hash them.
    """
    spans = [(start, min(start + BLOCK, size)) for start in range(0, size, BLOCK)]
    workers = _workers() if size >= PARALLEL_FROM else 0
    if workers < 1:
        for start, end in spans:
            records = bulkread.record_blob(start, end)
            levels = None if records is None else blockcheck.hash_block(records, algorithm)
            yield start, end, levels, False
        return
    source = blockcheck.source_of(connection)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        # Each worker that reads opens its connection once, not once per block (a new
        # PostgreSQL backend costs its server CPU to start and to warm its caches).
        initializer=None if source is None else functools.partial(blockcheck.hold_reader, source),
    )
    pending: deque[tuple[int, int, Future[list[bytes] | None]]] = deque()
    try:
        if source is not None:
            for start, end in spans:
                args = (source, start, end, algorithm)
                pending.append((start, end, pool.submit(blockcheck.check_block, *args)))
            while pending:
                first, last, result = pending.popleft()
                yield first, last, result.result(), True
            return
        for start, end in spans:
            records = bulkread.record_blob(start, end)
            if records is None:
                yield start, end, None, False
                return
            pending.append((start, end, pool.submit(blockcheck.hash_block, records, algorithm)))
            if len(pending) > workers:
                first, last, future = pending.popleft()
                yield first, last, future.result(), False
        while pending:
            first, last, future = pending.popleft()
            yield first, last, future.result(), False
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class BlobTree:
    """Every perfect subtree's hash, one concatenated blob per level (as ``MemoryTree``)."""

    def __init__(self, levels: list[bytes], *, width: int, algorithm: str) -> None:
        self.levels, self.width, self.algorithm = levels, width, algorithm

    @property
    def size(self) -> int:
        return len(self.levels[0]) // self.width if self.levels else 0

    def node(self, level: int, index: int) -> bytes:
        return self.levels[level][index * self.width : (index + 1) * self.width]

    def root(self, size: int | None = None) -> bytes:
        size = self.size if size is None else size
        if size == 0:
            return merkle.empty_root(algorithm=self.algorithm)
        hashes = [self.node(level, index) for level, index in merkle.complete_subtrees(0, size)]
        return merkle.fold(hashes, algorithm=self.algorithm)

    def memory_tree(self) -> merkle.MemoryTree:
        tree = merkle.MemoryTree([], algorithm=self.algorithm)
        tree.levels = [
            [blob[i : i + self.width] for i in range(0, len(blob), self.width)]
            for blob in self.levels
        ]
        return tree


def _fast_tree(algorithm: str, width: int) -> BlobTree | None:
    """The tree recomputed from the records, if every record, leaf and node is intact.

    Everything is read and compared in bulk: per block of records, the recomputed leaf
    hashes against the stored ones as one blob; then each stored level against the
    recomputed level as one blob. None at the first difference of any kind (the caller
    then walks row by row to name each fault).
    """
    if not bulkread.supported():
        return None
    # Each level must hold positions 0..n-1 and nothing else: the lowest and highest are
    # checked here (index seeks), the count in between by each bulk read below.
    size = bulkread.level_span(0)[1] + 1
    levels = {level: size >> level for level in range(size.bit_length())}
    if bulkread.nodes_outside(len(levels)):
        return None
    if bulkread.seq_span() != ((0, size - 1) if size else (-1, -1)):
        return None
    if any(bulkread.level_span(level) != (0, count - 1) for level, count in levels.items()):
        return None
    parts: list[list[bytes]] = [[] for _ in levels]
    checked = True  # every block's stored hashes already compared by the worker that read it
    for start, end, blobs, in_worker in _hashed_blocks(size, algorithm):
        if blobs is None:
            return None
        if not in_worker and blobs[0] != bulkread.hash_blob(0, start, end, width):
            return None
        checked = checked and in_worker
        for level, blob in enumerate(blobs):
            parts[level].append(blob)
    computed = [b"".join(part) for part in parts]
    new = merkle.hasher(algorithm)
    for level in range(BLOCK.bit_length(), len(computed)):
        below = computed[level - 1]
        pairs = range(0, len(below) - width, 2 * width)
        computed[level] = b"".join(new(b"\x01" + below[i : i + 2 * width]).digest() for i in pairs)
    # Levels inside the blocks were compared by the workers that read them, if they did.
    for level in range(BLOCK.bit_length() if checked else 1, len(computed)):
        if computed[level] != bulkread.hash_blob(level, 0, levels[level], width):
            return None
    return BlobTree(computed, width=width, algorithm=algorithm)


def verify_ledger(*, files: bool = False) -> Report:
    """Check the whole ledger (and every stored file when ``files``); see the module doc."""
    report = Report()
    algorithm = log_algorithm()
    width = len(merkle.empty_root(algorithm=algorithm))
    collecting = gc.isenabled()
    gc.disable()  # millions of small objects and no cycles: collection would only cost time
    try:
        with bulkread.bulk_read_settings():
            tree: merkle.MemoryTree | BlobTree | None = _fast_tree(algorithm, width)
        if tree is None:  # something differs: walk row by row and name each fault
            leaves = _stored_leaves(report, width)
            _check_entries(report, leaves, algorithm)
            tree = merkle.MemoryTree(leaves, algorithm=algorithm)
            _check_nodes(report, tree)
        report.size = tree.size
        _check_heads(report, tree)
        _check_checkpoints(report, tree)
        _check_state(report, tree)
    finally:
        if collecting:
            gc.enable()
    if files:
        _check_files(report)
    return report
