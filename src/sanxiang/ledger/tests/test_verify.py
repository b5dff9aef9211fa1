"""``sanxiang ledger verify``: intact ledgers pass; every kind of tampering is caught and named.

Tampering goes around the append-only triggers with raw SQL, as a database owner could.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from sanxiang.ledger import blockcheck, merkle, services, verify
from sanxiang.ledger.choices import FaultKind
from sanxiang.ledger.store import blob_name, storage, store_file
from sanxiang.ledger.tests.conftest import triggers_suspended
from sanxiang.ledger.verify import verify_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["one process", "workers", "pure Python"])
def hashing(request, monkeypatch):
    """Every test runs three times: hashed in this process, in worker processes over blocks
    of two leaves (the path large ledgers take), and in this process without the native
    hasher (an installation built without a C compiler), so that none can accept a fault
    unseen."""
    if request.param == "pure Python":
        monkeypatch.setattr(blockcheck, "native_hash_block", None)
    if request.param == "workers":
        monkeypatch.setattr(verify, "PARALLEL_FROM", 0)
        monkeypatch.setattr(verify, "WORKERS", 2)
        monkeypatch.setattr(verify, "BLOCK", 2)
    else:
        monkeypatch.setattr(verify, "WORKERS", 0)
    return request.param


@pytest.fixture
def ledger():
    """Eight entries, a signed head at six, then two more entries."""
    services.append_many(
        [services.Draft(kind="test.event", payload={"n": i}, subject=f"case:{i}") for i in range(6)]
    )
    services.sign_tree_head()
    services.append_many(
        [services.Draft(kind="test.event", payload={"n": i}, subject=f"case:{i}") for i in (6, 7)]
    )


def _sql(*statements, params=None):
    with triggers_suspended(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, params)


def _faults():
    return {(fault.kind, fault.target) for fault in verify_ledger(files=True).faults}


def _verify_command(*args):
    out = io.StringIO()
    try:
        call_command("ledger", "verify", *args, stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue()
    return 0, out.getvalue()


def test_an_intact_ledger_verifies_and_the_command_exits_zero(ledger):
    assert verify_ledger().ok
    code, out = _verify_command("--files")
    assert code == 0
    assert out.strip()


@pytest.mark.parametrize("block", [1, 2, 4, 16])
def test_the_bulk_path_rebuilds_the_whole_tree_for_every_size(hashing, monkeypatch, block):
    monkeypatch.setattr(verify, "BLOCK", block)
    records = []
    for size in range(1, 12):
        services.append_many([services.Draft(kind="test.event", payload={"n": size})])
        with connection.cursor() as cursor:
            cursor.execute("SELECT record FROM ledger_entry ORDER BY seq")
            records = [row[0].encode() for row in cursor.fetchall()]
        expected = merkle.MemoryTree.from_leaves(records)
        width = len(merkle.empty_root())
        tree = verify._fast_tree("sha256", width)
        assert tree is not None and tree.size == size
        assert tree.memory_tree().levels == expected.levels
        assert [tree.root(n) for n in range(size + 1)] == [
            expected.root(n) for n in range(size + 1)
        ]
    assert verify_ledger().ok


def test_the_bulk_path_refuses_a_tampered_ledger(ledger):
    width = len(merkle.empty_root())
    assert verify._fast_tree("sha256", width) is not None
    _sql("UPDATE ledger_entry SET record = replace(record, '\"n\":3', '\"n\":4') WHERE seq = 3")
    assert verify._fast_tree("sha256", width) is None


@pytest.mark.parametrize(("level", "position"), [(1, 7), (5, 0), (0, -1), (2, 2)])
def test_a_node_planted_outside_the_tree_is_named(ledger, level, position):
    _sql(
        "INSERT INTO ledger_node (level, position, hash) VALUES (%s, %s, %s)",
        params=[level, position, b"\x07" * 32],
    )
    assert verify._fast_tree("sha256", 32) is None
    if level:
        assert _faults() == {(FaultKind.NODE_ALTERED, f"node {level}/{position}")}
    else:
        assert not verify_ledger().ok


def test_workers_are_used_only_with_an_idle_core(monkeypatch):
    monkeypatch.setattr(verify, "WORKERS", None)
    monkeypatch.setattr(verify.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(verify.os, "getloadavg", lambda: (0.5, 0.5, 0.5))
    assert verify._workers() == 2
    monkeypatch.setattr(verify.os, "getloadavg", lambda: (3.5, 3.0, 3.0))
    assert verify._workers() == 0
    monkeypatch.setattr(verify.os, "cpu_count", lambda: 1)
    monkeypatch.setattr(verify.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert verify._workers() == 0


def test_an_empty_ledger_verifies():
    assert _verify_command()[0] == 0


def test_an_altered_record_is_named(ledger):
    _sql("UPDATE ledger_entry SET record = replace(record, '\"n\":3', '\"n\":30') WHERE seq = 3")
    assert _faults() == {(FaultKind.ENTRY_ALTERED, "#3")}
    code, out = _verify_command()
    assert code == 1
    assert "#3" in out


def test_the_search_columns_follow_the_record_and_cannot_be_written(ledger):
    from django.db import DatabaseError

    from sanxiang.ledger.models import Entry

    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("UPDATE ledger_entry SET subject = 'case:999' WHERE seq = 5")
    _sql("UPDATE ledger_entry SET record = replace(record, 'case:5', 'case:999') WHERE seq = 5")
    assert Entry.objects.get(seq=5).subject == "case:999"
    assert _faults() == {(FaultKind.ENTRY_ALTERED, "#5")}


def test_a_record_replaced_wholesale_is_named_and_non_json_is_refused(ledger):
    from django.db import DatabaseError

    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("UPDATE ledger_entry SET record = 'gone' WHERE seq = 2")
    forged = '{"actor_id":null,"actor_name":"","kind":"x","payload":{},"subject":"","time":"t"}'
    _sql(f"UPDATE ledger_entry SET record = '{forged}' WHERE seq = 2")
    assert _faults() == {(FaultKind.ENTRY_ALTERED, "#2")}


def test_a_deleted_entry_is_named(ledger):
    _sql("DELETE FROM ledger_entry WHERE seq = 2")
    assert _faults() == {(FaultKind.ENTRY_MISSING, "#2")}
    code, out = _verify_command()
    assert code == 1 and "#2" in out


def test_the_last_entry_deleted_is_named(ledger):
    _sql("DELETE FROM ledger_entry WHERE seq = 7")
    assert _faults() == {(FaultKind.ENTRY_MISSING, "#7")}


def test_swapped_entries_are_named_as_out_of_place(ledger):
    _sql(
        "UPDATE ledger_entry SET seq = -1 WHERE seq = 1",
        "UPDATE ledger_entry SET seq = 1 WHERE seq = 4",
        "UPDATE ledger_entry SET seq = 4 WHERE seq = -1",
    )
    report = verify_ledger()
    assert {(f.kind, f.target) for f in report.faults} == {
        (FaultKind.ENTRY_REORDERED, "#1"),
        (FaultKind.ENTRY_REORDERED, "#4"),
    }
    details = {f.target: f.detail for f in report.faults}
    assert "#4" in details["#1"] and "#1" in details["#4"]


def test_an_entry_inserted_behind_the_logs_back_is_named(ledger):
    _sql("INSERT INTO ledger_entry (seq, record) SELECT 8, record FROM ledger_entry WHERE seq = 7")
    assert _faults() == {(FaultKind.ENTRY_INSERTED, "#8")}


def test_a_rewritten_record_with_a_rewritten_leaf_is_caught_by_the_tree_and_the_head(ledger):
    _sql("UPDATE ledger_entry SET record = replace(record, '\"n\":1', '\"n\":10') WHERE seq = 1")
    record = connection.cursor()
    record.execute("SELECT record FROM ledger_entry WHERE seq = 1")
    new_leaf = merkle.leaf_hash(record.fetchone()[0].encode())
    _sql("UPDATE ledger_node SET hash = %s WHERE level = 0 AND position = 1", params=[new_leaf])
    faults = _faults()
    assert (FaultKind.NODE_ALTERED, "node 1/0") in faults
    assert any(kind == FaultKind.HEAD_MISMATCH for kind, _target in faults)
    assert not any(kind == FaultKind.ENTRY_ALTERED for kind, _target in faults)


def test_a_forged_head_signature_is_named(ledger):
    _sql("UPDATE ledger_signedhead SET size = 5")
    faults = _faults()
    assert any(kind == FaultKind.HEAD_SIGNATURE for kind, _target in faults)
    assert any(kind == FaultKind.HEAD_MISMATCH for kind, _target in faults)


def test_a_deleted_tree_node_is_named(ledger):
    _sql("DELETE FROM ledger_node WHERE level = 2 AND position = 1")
    assert (FaultKind.NODE_MISSING, "node 2/1") in _faults()


def test_an_altered_stored_file_is_named(ledger):
    blob = store_file(fileobj=io.BytesIO(b"video bytes"), actor=None, kind="records.recording")
    path = storage().path(blob_name(blob.digest))
    with open(path, "r+b") as handle:
        handle.write(b"V")
    assert verify_ledger(files=False).ok
    assert _faults() == {(FaultKind.FILE_ALTERED, f"file {blob.digest}")}
    code, out = _verify_command("--files")
    assert code == 1 and blob.digest in out


def test_a_deleted_stored_file_is_named(ledger):
    blob = store_file(fileobj=io.BytesIO(b"photo"), actor=None, kind="records.evidence")
    storage().delete(blob_name(blob.digest))
    assert _faults() == {(FaultKind.FILE_MISSING, f"file {blob.digest}")}


def test_a_deleted_file_row_is_named(ledger):
    blob = store_file(fileobj=io.BytesIO(b"scan"), actor=None, kind="records.document")
    _sql("DELETE FROM ledger_blob")
    assert _faults() == {(FaultKind.FILE_MISSING, f"file {blob.digest}")}


def test_several_faults_are_all_named_in_one_report(ledger):
    _sql(
        "UPDATE ledger_entry SET record = replace(record, '\"n\":0', '\"n\":9') WHERE seq = 0",
        "DELETE FROM ledger_entry WHERE seq = 6",
    )
    assert _faults() == {(FaultKind.ENTRY_ALTERED, "#0"), (FaultKind.ENTRY_MISSING, "#6")}
