"""RFC 9162 (Certificate Transparency v2) Merkle tree: pure functions over raw leaf data.

Leaf hash = H(0x00 ‖ data), node hash = H(0x01 ‖ left ‖ right), the empty tree's root is
H(""). SHA-256 by default; any ``hashlib`` name works, notably ``"sm3"`` (OpenSSL) for
国密 deployments. Proof hashes are ordered from the leaf up, as in RFC 9162 §2.1.3 and
§2.1.4.

The proof algorithms are written once over a ``subtree(start, end)`` callback that returns
the hash of leaves ``[start, end)``; the functions here back it with an in-memory tree,
and the stored log (``sanxiang.ledger.tree``) backs it with stored nodes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

DEFAULT_ALGORITHM = "sha256"
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"

Subtree = Callable[[int, int], bytes]


class ProofError(ValueError):
    """A proof was requested for an index or size that the tree does not have."""


def hasher(algorithm: str) -> Callable[[bytes], hashlib._Hash]:
    """The hash constructor for ``algorithm`` (hashlib's own for SHA-256, the fastest)."""
    if algorithm == "sha256":
        return hashlib.sha256
    hashlib.new(algorithm)  # fail early on an unknown name
    return lambda data: hashlib.new(algorithm, data)


def empty_root(*, algorithm: str = DEFAULT_ALGORITHM) -> bytes:
    return hasher(algorithm)(b"").digest()


def leaf_hash(data: bytes, *, algorithm: str = DEFAULT_ALGORITHM) -> bytes:
    return hasher(algorithm)(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes, *, algorithm: str = DEFAULT_ALGORITHM) -> bytes:
    return hasher(algorithm)(NODE_PREFIX + left + right).digest()


def split_point(size: int) -> int:
    """The largest power of two smaller than ``size`` (RFC 9162 §2.1.1's k); size ≥ 2."""
    return 1 << ((size - 1).bit_length() - 1)


def complete_subtrees(start: int, end: int) -> list[tuple[int, int]]:
    """The perfect subtrees, as (level, index), that make up the range [start, end).

    Valid for the ranges the RFC's recursion produces: ``start`` is a multiple of a power of
    two not smaller than ``end - start``. Largest subtree first.
    """
    result = []
    position, remaining = start, end - start
    while remaining:
        level = remaining.bit_length() - 1
        result.append((level, position >> level))
        position += 1 << level
        remaining -= 1 << level
    return result


def fold(hashes: Sequence[bytes], *, algorithm: str = DEFAULT_ALGORITHM) -> bytes:
    """Combine perfect-subtree hashes (largest first) into the hash of their union."""
    result = hashes[-1]
    for item in reversed(hashes[:-1]):
        result = node_hash(item, result, algorithm=algorithm)
    return result


def inclusion_path(index: int, size: int, subtree: Subtree) -> list[bytes]:
    """RFC 9162 §2.1.3.1 PATH(index, D[0:size]), iteratively; leaf-up order."""
    if not 0 <= index < size:
        raise ProofError(f"index {index} is outside a tree of size {size}")
    path = []
    start, end = 0, size
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            path.append(subtree(start + k, end))
            end = start + k
        else:
            path.append(subtree(start, start + k))
            start += k
    path.reverse()
    return path


def consistency_path(old_size: int, new_size: int, subtree: Subtree) -> list[bytes]:
    """RFC 9162 §2.1.4.1 PROOF(old_size, D[0:new_size]), iteratively; leaf-up order."""
    if not 0 <= old_size <= new_size:
        raise ProofError(f"no consistency proof from size {old_size} to size {new_size}")
    if old_size in (0, new_size):
        return []
    path = []
    start, end, m, complete = 0, new_size, old_size, True
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            path.append(subtree(start + k, end))
            end = start + k
        else:
            path.append(subtree(start, start + k))
            start, m, complete = start + k, m - k, False
    if not complete:
        path.append(subtree(start, end))
    path.reverse()
    return path


class MemoryTree:
    """Every perfect subtree's hash of a list of leaves, computed once (O(n) hashes)."""

    def __init__(self, leaf_hashes: list[bytes], *, algorithm: str = DEFAULT_ALGORITHM) -> None:
        self.algorithm = algorithm
        self.levels = [leaf_hashes]
        new = hasher(algorithm)
        level = leaf_hashes
        while len(level) > 1:
            level = [
                new(NODE_PREFIX + left + right).digest()
                for left, right in zip(level[0::2], level[1::2], strict=False)
            ]
            self.levels.append(level)

    @classmethod
    def from_leaves(
        cls, leaves: Sequence[bytes], *, algorithm: str = DEFAULT_ALGORITHM
    ) -> MemoryTree:
        new = hasher(algorithm)
        return cls([new(LEAF_PREFIX + data).digest() for data in leaves], algorithm=algorithm)

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def subtree(self, start: int, end: int) -> bytes:
        hashes = [self.levels[level][index] for level, index in complete_subtrees(start, end)]
        return fold(hashes, algorithm=self.algorithm)

    def root(self, size: int | None = None) -> bytes:
        size = self.size if size is None else size
        if size == 0:
            return empty_root(algorithm=self.algorithm)
        return self.subtree(0, size)


def root_hash(leaves: Sequence[bytes], *, algorithm: str = DEFAULT_ALGORITHM) -> bytes:
    """MTH(D[n]) of the raw leaf data."""
    return MemoryTree.from_leaves(leaves, algorithm=algorithm).root()


def inclusion_proof(
    leaves: Sequence[bytes], index: int, *, algorithm: str = DEFAULT_ALGORITHM
) -> list[bytes]:
    """The audit path of leaf ``index`` in the tree of all ``leaves``."""
    tree = MemoryTree.from_leaves(leaves, algorithm=algorithm)
    return inclusion_path(index, tree.size, tree.subtree)


def consistency_proof(
    leaves: Sequence[bytes], old_size: int, *, algorithm: str = DEFAULT_ALGORITHM
) -> list[bytes]:
    """The proof that the tree of ``leaves[:old_size]`` is a prefix of the tree of ``leaves``."""
    tree = MemoryTree.from_leaves(leaves, algorithm=algorithm)
    return consistency_path(old_size, tree.size, tree.subtree)


def _well_formed(proof: Sequence[bytes], algorithm: str) -> bool:
    width = hasher(algorithm)(b"").digest_size
    return all(isinstance(item, bytes) and len(item) == width for item in proof)


def verify_inclusion(
    data: bytes,
    index: int,
    size: int,
    proof: Sequence[bytes],
    root: bytes,
    *,
    algorithm: str = DEFAULT_ALGORITHM,
) -> bool:
    """RFC 9162 §2.1.3.2: does ``proof`` show ``data`` is leaf ``index`` of the tree ``root``?"""
    return verify_inclusion_of_hash(
        leaf_hash(data, algorithm=algorithm), index, size, proof, root, algorithm=algorithm
    )


def verify_inclusion_of_hash(
    leaf: bytes,
    index: int,
    size: int,
    proof: Sequence[bytes],
    root: bytes,
    *,
    algorithm: str = DEFAULT_ALGORITHM,
) -> bool:
    """``verify_inclusion`` given the leaf hash rather than the leaf data."""
    if not 0 <= index < size or not _well_formed(proof, algorithm):
        return False
    fn, sn = index, size - 1
    result = leaf
    for item in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            result = node_hash(item, result, algorithm=algorithm)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            result = node_hash(result, item, algorithm=algorithm)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and result == root


def verify_consistency(
    old_size: int,
    new_size: int,
    old_root: bytes,
    new_root: bytes,
    proof: Sequence[bytes],
    *,
    algorithm: str = DEFAULT_ALGORITHM,
) -> bool:
    """RFC 9162 §2.1.4.2: is the tree ``old_root`` (old_size) a prefix of ``new_root``?"""
    if not 0 <= old_size <= new_size or not _well_formed(proof, algorithm):
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof and old_root == empty_root(algorithm=algorithm)
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    if not path:
        return False
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    first = second = path[0]
    for item in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            first = node_hash(item, first, algorithm=algorithm)
            second = node_hash(item, second, algorithm=algorithm)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            second = node_hash(second, item, algorithm=algorithm)
        fn, sn = fn >> 1, sn >> 1
    return first == old_root and second == new_root and sn == 0
