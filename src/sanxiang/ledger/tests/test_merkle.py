"""The RFC 9162 Merkle functions, against the Certificate Transparency test vectors and a
naive recomputation straight from the RFC's recursive definitions.

Test vectors: transparency-dev/merkle (Apache-2.0), ``testonly/constants.go``
(``LeafInputs``, ``RootHashes``, ``NodeHashes``) and ``testonly/reference_test.go``
(``TestRefInclusionProof``, ``TestRefConsistencyProof``),
https://github.com/transparency-dev/merkle/tree/main/testonly — the same vectors as
google/certificate-transparency's ``merkle_tree_test.cc``.
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanxiang.ledger import merkle

LEAF_INPUTS = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]

ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]

LEAF_HASHES = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
]

INCLUSION_VECTORS = [
    (0, 1, []),
    (0, 2, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"]),
    (1, 2, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]

CONSISTENCY_VECTORS = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]


def _hex(items):
    return [item.hex() for item in items]


# --- the CT vectors -------------------------------------------------------------------


@pytest.mark.parametrize("size", range(9))
def test_the_root_of_each_prefix_matches_the_ct_vectors(size):
    assert merkle.root_hash(LEAF_INPUTS[:size]).hex() == ROOTS[size]


def test_leaf_hashes_match_the_ct_vectors():
    assert [merkle.leaf_hash(d).hex() for d in LEAF_INPUTS] == LEAF_HASHES


@pytest.mark.parametrize(("index", "size", "expected"), INCLUSION_VECTORS)
def test_inclusion_proofs_match_the_ct_vectors_and_verify(index, size, expected):
    proof = merkle.inclusion_proof(LEAF_INPUTS[:size], index)
    assert _hex(proof) == expected
    root = bytes.fromhex(ROOTS[size])
    assert merkle.verify_inclusion(LEAF_INPUTS[index], index, size, proof, root)


@pytest.mark.parametrize(("old", "new", "expected"), CONSISTENCY_VECTORS)
def test_consistency_proofs_match_the_ct_vectors_and_verify(old, new, expected):
    proof = merkle.consistency_proof(LEAF_INPUTS[:new], old)
    assert _hex(proof) == expected
    old_root, new_root = bytes.fromhex(ROOTS[old]), bytes.fromhex(ROOTS[new])
    assert merkle.verify_consistency(old, new, old_root, new_root, proof)


def test_every_inclusion_and_consistency_proof_of_the_ct_leaves_verifies():
    for size in range(1, 9):
        root = bytes.fromhex(ROOTS[size])
        for index in range(size):
            proof = merkle.inclusion_proof(LEAF_INPUTS[:size], index)
            assert merkle.verify_inclusion(LEAF_INPUTS[index], index, size, proof, root)
        for old in range(1, size + 1):
            proof = merkle.consistency_proof(LEAF_INPUTS[:size], old)
            old_root = bytes.fromhex(ROOTS[old])
            assert merkle.verify_consistency(old, size, old_root, root, proof)


def test_a_proof_for_a_leaf_outside_the_tree_is_refused():
    with pytest.raises(merkle.ProofError):
        merkle.inclusion_proof(LEAF_INPUTS[:3], 3)
    with pytest.raises(merkle.ProofError):
        merkle.consistency_proof(LEAF_INPUTS[:3], 4)


def test_sm3_uses_the_same_structure_with_the_sm3_hash():
    sm3 = hashlib.new("sm3")
    sm3.update(b"\x00" + b"abc")
    assert merkle.leaf_hash(b"abc", algorithm="sm3") == sm3.digest()
    leaves = [b"a", b"b", b"c"]
    root = merkle.root_hash(leaves, algorithm="sm3")
    assert root != merkle.root_hash(leaves)
    proof = merkle.inclusion_proof(leaves, 2, algorithm="sm3")
    assert merkle.verify_inclusion(b"c", 2, 3, proof, root, algorithm="sm3")
    assert not merkle.verify_inclusion(b"c", 2, 3, proof, root)


# --- a naive recomputation from RFC 9162's recursive definitions --------------------


def naive_root(leaves):
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + naive_root(leaves[:k]) + naive_root(leaves[k:])).digest()


def naive_path(index, leaves):
    if len(leaves) == 1:
        return []
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    if index < k:
        return [*naive_path(index, leaves[:k]), naive_root(leaves[k:])]
    return [*naive_path(index - k, leaves[k:]), naive_root(leaves[:k])]


def naive_subproof(m, leaves, complete):
    n = len(leaves)
    if m == n:
        return [] if complete else [naive_root(leaves)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return [*naive_subproof(m, leaves[:k], complete), naive_root(leaves[k:])]
    return [*naive_subproof(m - k, leaves[k:], False), naive_root(leaves[:k])]


leaf_lists = st.lists(st.binary(max_size=12), min_size=1, max_size=70)


@settings(max_examples=150, deadline=None)
@given(leaves=leaf_lists, data=st.data())
def test_roots_and_inclusion_proofs_agree_with_the_naive_definition(leaves, data):
    index = data.draw(st.integers(0, len(leaves) - 1))
    root = merkle.root_hash(leaves)
    assert root == naive_root(leaves)
    proof = merkle.inclusion_proof(leaves, index)
    assert proof == naive_path(index, leaves)
    assert merkle.verify_inclusion(leaves[index], index, len(leaves), proof, root)


@settings(max_examples=150, deadline=None)
@given(leaves=leaf_lists, data=st.data())
def test_consistency_proofs_agree_with_the_naive_definition(leaves, data):
    old = data.draw(st.integers(1, len(leaves)))
    proof = merkle.consistency_proof(leaves, old)
    assert proof == (naive_subproof(old, leaves, True) if old < len(leaves) else [])
    assert merkle.verify_consistency(
        old, len(leaves), naive_root(leaves[:old]), naive_root(leaves), proof
    )


def _mutations(proof):
    """Every way of spoiling a proof: flip a bit, drop, add or swap a hash."""
    for i in range(len(proof)):
        flipped = bytearray(proof[i])
        flipped[i % len(flipped)] ^= 0x01
        yield [*proof[:i], bytes(flipped), *proof[i + 1 :]]
        yield proof[:i] + proof[i + 1 :]
    yield [*proof, hashlib.sha256(b"extra").digest()]
    if len(proof) > 1 and proof[0] != proof[1]:
        yield [proof[1], proof[0], *proof[2:]]


@settings(max_examples=100, deadline=None)
@given(leaves=leaf_lists, data=st.data())
def test_spoiled_inclusion_proofs_are_rejected(leaves, data):
    size = len(leaves)
    index = data.draw(st.integers(0, size - 1))
    root = merkle.root_hash(leaves)
    proof = merkle.inclusion_proof(leaves, index)
    for bad in _mutations(proof):
        assert not merkle.verify_inclusion(leaves[index], index, size, bad, root)
    assert not merkle.verify_inclusion(leaves[index] + b"!", index, size, proof, root)
    assert not merkle.verify_inclusion(leaves[index], index, size, proof, root[::-1])
    assert not merkle.verify_inclusion(leaves[index], size, size, proof, root)
    other = data.draw(st.integers(0, size - 1))
    if leaves[other] != leaves[index] and other != index:
        assert not merkle.verify_inclusion(leaves[other], index, size, proof, root)


@settings(max_examples=100, deadline=None)
@given(leaves=st.lists(st.binary(max_size=8), min_size=2, max_size=70), data=st.data())
def test_spoiled_consistency_proofs_are_rejected(leaves, data):
    new = len(leaves)
    old = data.draw(st.integers(1, new - 1))
    old_root, new_root = merkle.root_hash(leaves[:old]), merkle.root_hash(leaves)
    proof = merkle.consistency_proof(leaves, old)
    for bad in _mutations(proof):
        assert not merkle.verify_consistency(old, new, old_root, new_root, bad)
    forged = merkle.root_hash([*leaves[: old - 1], leaves[old - 1] + b"!"])
    assert not merkle.verify_consistency(old, new, forged, new_root, proof)
    assert not merkle.verify_consistency(old, new, old_root, new_root[::-1], proof)
    assert not merkle.verify_consistency(new, old, new_root, old_root, proof)
    if old + 1 < new:
        assert not merkle.verify_consistency(old + 1, new, old_root, new_root, proof)
