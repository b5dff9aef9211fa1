"""The native level hasher (``_levels.c``) gives exactly what the Python definition gives.

Full verification hashes every leaf and interior node through ``blockcheck.hash_block``,
which uses the native hasher when it was built. These tests hold it to the Python
definition (``python_hash_block``) and, through it, to the RFC 9162 functions of
``merkle``, for every shape of block: one record, odd counts whose last node is not carried
up, empty records, large and binary records, and both digests.
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanxiang.ledger import blockcheck, merkle

native = blockcheck.native_hash_block

# A record is anything without a newline (records are canonical JSON: newlines escaped).
records_strategy = st.lists(
    st.binary(max_size=200).map(lambda data: data.replace(b"\n", b"")), min_size=1, max_size=70
)


def test_the_native_hasher_is_built():
    assert native is not None, (
        "sanxiang.ledger._levels was not built: install a C compiler and OpenSSL's headers "
        "(Debian: gcc libssl-dev), then run `make install` again"
    )


@settings(max_examples=200, deadline=None)
@given(records=records_strategy, algorithm=st.sampled_from(["sha256", "sm3"]))
def test_native_levels_equal_the_python_definition(records, algorithm):
    assert native is not None
    blob = b"\n".join(records)
    assert native(blob, algorithm) == blockcheck.python_hash_block(blob, algorithm)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 8, 64, 100])
def test_a_perfect_block_gives_the_rfc_9162_root_and_every_level(count):
    assert native is not None
    records = [f'{{"n":{i}}}'.encode() for i in range(count)]
    levels = native(b"\n".join(records), "sha256")
    tree = merkle.MemoryTree.from_leaves(records)
    width = hashlib.sha256().digest_size
    assert levels[0] == b"".join(merkle.leaf_hash(record) for record in records)
    assert len(levels) == len(tree.levels) == count.bit_length()
    for level, blob in enumerate(levels):
        # Each level holds the perfect subtrees at that height (an unpaired node is dropped).
        assert blob == b"".join(tree.levels[level][: count >> level])
        assert len(blob) == (count >> level) * width
    if count & (count - 1) == 0:
        assert levels[-1] == merkle.root_hash(records)


def test_empty_large_and_binary_records():
    assert native is not None
    records = [b"", b"\x00\x01\xff", "中文记录".encode(), b"x" * 300_000, b"", b"\r\t"]
    blob = b"\n".join(records)
    assert native(blob, "sha256") == blockcheck.python_hash_block(blob, "sha256")
    assert native(b"", "sha256") == [merkle.leaf_hash(b"")]


def test_any_buffer_is_accepted_and_bad_arguments_are_refused():
    assert native is not None
    blob = b"a\nb\nc"
    assert native(memoryview(blob), "sha256") == native(bytearray(blob), "sha256")
    with pytest.raises(ValueError, match="unsupported digest"):
        native(blob, "no-such-digest")
    with pytest.raises(TypeError):
        native("a\nb", "sha256")
