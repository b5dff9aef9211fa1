"""Full verification with worker processes that read their blocks themselves.

When every row is committed, each worker opens its own connection and checks whole blocks
(``ledger.blockcheck``). On SQLite the block check runs against a file copy of the test
database; on PostgreSQL, verification runs end to end on committed rows (a transactional
test), with the faults still named by the parent.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from django.db import connection

from sanxiang.ledger import blockcheck, merkle, services, verify
from sanxiang.ledger.choices import FaultKind
from sanxiang.ledger.tests.conftest import triggers_suspended
from sanxiang.ledger.verify import verify_ledger

SPY = "SANXIANG_TEST_BLOCKCHECK_SPY"


def _append(count: int) -> None:
    services.append_many(
        [
            services.Draft(kind="test.event", payload={"n": i}, subject=f"case:{i}")
            for i in range(count)
        ]
    )


def _records() -> list[bytes]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT record FROM ledger_entry ORDER BY seq")
        return [row[0].encode() for row in cursor.fetchall()]


def _file_copy(path: Path) -> sqlite3.Connection:
    """The ledger's two tables as this test's connection sees them, in a SQLite file (the
    test database lives in memory, inside a transaction no other process can see)."""
    copy = sqlite3.connect(path)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' "
            "AND name IN ('ledger_entry', 'ledger_node')"
        )
        for (sql,) in cursor.fetchall():
            copy.execute(sql)
        cursor.execute("SELECT seq, record FROM ledger_entry")
        copy.executemany("INSERT INTO ledger_entry (seq, record) VALUES (?, ?)", cursor.fetchall())
        cursor.execute("SELECT level, position, hash FROM ledger_node")
        copy.executemany("INSERT INTO ledger_node VALUES (?, ?, ?)", cursor.fetchall())
    copy.commit()
    return copy


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="a SQLite file")
def test_a_block_read_from_a_sqlite_file_is_checked_whole(tmp_path):
    _append(11)
    path = tmp_path / "a copy #1?.sqlite3"  # characters a URI must encode
    copy = _file_copy(path)
    source = blockcheck.Source("sqlite", (("path", str(path)),))
    expected = merkle.MemoryTree.from_leaves(_records())
    for start, end in [(0, 8), (8, 11), (0, 11)]:
        levels = blockcheck.check_block(source, start, end, "sha256")
        assert levels is not None
        for level, blob in enumerate(levels):
            assert blob == b"".join(expected.levels[level][start >> level : end >> level])
    for statement in [
        "UPDATE ledger_entry SET record = replace(record, '\"n\":3', '\"n\":4') WHERE seq = 3",
        "UPDATE ledger_node SET hash = zeroblob(32) WHERE level = 2 AND position = 1",
        "UPDATE ledger_node SET hash = zeroblob(32) WHERE level = 0 AND position = 9",
        "DELETE FROM ledger_node WHERE level = 1 AND position = 0",
        "DELETE FROM ledger_entry WHERE seq = 10",
    ]:
        tampered = tmp_path / "tampered.sqlite3"
        target = sqlite3.connect(tampered)
        copy.backup(target)
        target.executescript(f"{statement};")
        target.close()
        broken = blockcheck.Source("sqlite", (("path", str(tampered)),))
        results = [blockcheck.check_block(broken, s, e, "sha256") for s, e in [(0, 8), (8, 11)]]
        assert None in results, statement
        tampered.unlink()
    copy.close()


def test_no_other_process_reads_what_this_one_has_not_committed(db):
    assert connection.in_atomic_block
    assert blockcheck.source_of(connection) is None


def _spying_check_block(*args):  # module level: the pool pickles it by name
    # Whether this worker reads on the connection it opened once (pool initializer).
    held = "held" if blockcheck._held is not None and blockcheck._held[0] == args[0] else "own"
    Path(os.environ[SPY]).joinpath(f"{os.getpid()}-{args[1]}-{held}").touch()
    return _original_check_block(*args)


_original_check_block = blockcheck.check_block


@pytest.fixture
def readers(monkeypatch, tmp_path):
    """Small blocks through two worker processes that read them, with a record of the calls."""
    monkeypatch.setattr(verify, "PARALLEL_FROM", 0)
    monkeypatch.setattr(verify, "WORKERS", 2)
    monkeypatch.setattr(verify, "BLOCK", 4)
    monkeypatch.setattr(blockcheck, "check_block", _spying_check_block)
    calls = tmp_path / "calls"
    calls.mkdir()
    monkeypatch.setenv(SPY, str(calls))
    return calls


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server database")
def test_workers_read_committed_blocks_and_faults_are_still_named(readers):
    _append(11)
    services.sign_tree_head()
    assert blockcheck.source_of(connection) is not None
    assert verify_ledger().ok
    calls = [name.name.split("-") for name in readers.iterdir()]
    assert {block for _pid, block, _held in calls} == {"0", "4", "8"}  # all read by workers
    assert {held for _pid, _block, held in calls} == {"held"}  # on connections opened once
    assert os.getpid() not in {int(pid) for pid, _block, _held in calls}
    assert blockcheck._held is None  # the parent holds no reader
    with triggers_suspended(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ledger_entry SET record = replace(record, '\"n\":5', '\"n\":50') WHERE seq = 5"
        )
        cursor.execute(
            "UPDATE ledger_node SET hash = %s WHERE level = 1 AND position = 4", [b"\0" * 32]
        )
    faults = {(fault.kind, fault.target) for fault in verify_ledger().faults}
    assert (FaultKind.ENTRY_ALTERED, "#5") in faults
    assert (FaultKind.NODE_ALTERED, "node 1/4") in faults


def _show(run, names):
    return {name: str(run(f"SHOW {name}")) for name in names}


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server database")
def test_bulk_reads_run_with_plain_index_plans_and_the_settings_are_restored():
    from sanxiang.ledger import bulkread

    names = list(bulkread.READ_SETTINGS)

    def show(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]

    before = _show(show, names)
    with bulkread.bulk_read_settings():
        assert _show(show, names) == bulkread.READ_SETTINGS
    assert _show(show, names) == before
    # A worker's own connection reads with the same settings.
    params = connection.get_connection_params()
    plain = {k: v for k, v in params.items() if isinstance(v, (str, int)) and v != ""}
    source = blockcheck.Source("postgresql", tuple(sorted(plain.items())))
    with blockcheck._reader(source) as rows:
        # (text arrives as bytes there: bulkread.raw_text)
        assert _show(lambda sql: rows(sql, [])[0][0].decode(), names) == bulkread.READ_SETTINGS
