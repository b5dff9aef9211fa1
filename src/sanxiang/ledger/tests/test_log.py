"""The append-only log: entries, canonical records, triggers, stored tree and proofs."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from sanxiang.ledger import merkle, selectors, services
from sanxiang.ledger.canonical import NotCanonical
from sanxiang.ledger.models import Entry, Node, SignedHead

pytestmark = pytest.mark.django_db


def _append(n, **extra):
    drafts = [
        services.Draft(kind="test.event", payload={"n": i, **extra}, subject=f"case:{i}")
        for i in range(n)
    ]
    return services.append_many(drafts)


def _records():
    return [e.record.encode() for e in Entry.objects.order_by("seq")]


def test_appended_entries_are_numbered_in_order_and_record_who_did_what(officer):
    first = services.append(
        kind="records.document", payload={"title": "询问笔录", "pages": 3}, actor=officer,
        subject="case:2025-001",
    )  # fmt: skip
    second = services.append(kind="system.note", payload={}, actor=None, subject="")
    assert (first.seq, second.seq) == (0, 1)
    data = json.loads(Entry.objects.get(seq=0).record)
    assert data["actor_id"] == officer.pk
    assert data["actor_name"] == str(officer)
    assert data["payload"] == {"pages": 3, "title": "询问笔录"}
    assert data["subject"] == "case:2025-001"
    assert data["time"].endswith("Z")


def test_the_record_is_canonical_json_with_sorted_keys_and_utf8():
    entry = services.append(kind="k", payload={"b": 1, "a": "万新街"}, actor=None, subject="")
    assert entry.record.startswith('{"actor_id":null,"actor_name":"","kind":"k",')
    assert '"payload":{"a":"万新街","b":1}' in entry.record
    assert entry.record.encode("utf-8") == Entry.objects.get(seq=0).record.encode("utf-8")


def test_a_float_in_the_payload_is_refused_with_a_clear_message():
    with pytest.raises(NotCanonical, match=r"payload\.fine\.amount is a float"):
        services.append(kind="k", payload={"fine": {"amount": 12.5}}, actor=None, subject="")
    assert not Entry.objects.exists()


def test_an_entry_rolls_back_with_the_callers_transaction():
    services.append(kind="kept", payload={}, actor=None, subject="")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.append(kind="lost", payload={}, actor=None, subject="")
        raise RuntimeError("the caller's change failed")
    assert list(Entry.objects.values_list("kind", flat=True)) == ["kept"]
    assert services.append(kind="next", payload={}, actor=None, subject="").seq == 1
    assert services.current_root()[1] == merkle.root_hash(_records())


def test_entries_cannot_be_changed_or_deleted_through_the_orm():
    entry = services.append(kind="k", payload={"x": 1}, actor=None, subject="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(seq=entry.seq).update(record='{"kind":"changed"}')
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        Node.objects.all().delete()
    assert Entry.objects.get(seq=0).kind == "k"


@pytest.mark.parametrize("table", ["ledger_entry", "ledger_node"])
def test_rows_cannot_be_changed_or_deleted_through_sql(table):
    _append(2)
    head = services.sign_tree_head()
    assert head is not None
    column = "record" if table == "ledger_entry" else "level"
    value = "'{}'" if table == "ledger_entry" else "7"
    for sql in [f"UPDATE {table} SET {column} = {value}", f"DELETE FROM {table}"]:
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM ledger_signedhead")
    assert Entry.objects.count() == 2
    assert SignedHead.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a SQLite table layout")
def test_sqlite_keeps_the_nodes_in_key_order_with_their_triggers():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'ledger_node'"
        )
        (sql,) = cursor.fetchone()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE tbl_name = 'ledger_node' AND type = 'trigger'"
        )
        names = sorted(name for (name,) in cursor.fetchall())
    assert sql.rstrip().endswith("WITHOUT ROWID") and 'PRIMARY KEY ("level", "position")' in sql
    assert names == ["ledger_node_no_delete", "ledger_node_no_update"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_postgresql_keys_the_nodes_with_their_hash_included_and_can_undo_it():
    import importlib

    migration = importlib.import_module("sanxiang.ledger.migrations.0007_node_key_covers_hash")

    def key():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_get_indexdef(indexrelid) FROM pg_index "
                "WHERE indrelid = 'ledger_node'::regclass AND indisprimary"
            )
            return cursor.fetchone()[0]

    assert key().endswith('(level, "position") INCLUDE (hash)')
    with connection.schema_editor() as editor:
        migration.backwards(None, editor)
    assert key().endswith('(level, "position")')
    with connection.schema_editor() as editor:
        migration.forwards(None, editor)
    assert key().endswith("INCLUDE (hash)")
    _append(5)  # the tree still grows and proves
    assert selectors.stored_tree().inclusion(3, 5)[1] == merkle.inclusion_proof(_records(), 3)


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13, 31, 64])
def test_the_stored_tree_gives_the_same_roots_and_proofs_as_the_pure_functions(size):
    _append(size)
    records = _records()
    tree = selectors.stored_tree()
    assert services.current_root() == (size, merkle.root_hash(records), "sha256")
    for old in range(size + 1):
        assert tree.root(old) == merkle.root_hash(records[:old])
    for index in range(size):
        leaf, path = tree.inclusion(index, size)
        assert leaf == merkle.leaf_hash(records[index])
        assert path == merkle.inclusion_proof(records, index)
    for old in range(1, size + 1):
        assert tree.consistency(old, size) == merkle.consistency_proof(records, old)


def test_appending_in_several_batches_builds_the_same_tree_as_one_batch():
    for batch in (1, 4, 2, 7, 1):
        _append(batch)
    records = _records()
    assert services.current_root()[1] == merkle.root_hash(records)
    assert selectors.stored_tree().root(len(records)) == merkle.root_hash(records)


def test_a_proof_costs_one_query_whatever_the_size(django_assert_num_queries):
    _append(300)
    tree = selectors.stored_tree()
    tree.inclusion(1, 2)  # PostgreSQL prepares the statement once per connection
    with django_assert_num_queries(1):
        tree.inclusion(123, 300)
    with django_assert_num_queries(1):
        tree.consistency(77, 300)
    with django_assert_num_queries(1):
        tree.root(201)


def test_nodes_stored_are_about_two_per_entry():
    _append(256)
    assert Node.objects.count() == 511


def test_the_hash_algorithm_cannot_change_once_the_log_has_started(settings):
    services.append(kind="k", payload={}, actor=None, subject="")
    settings.LEDGER_HASH_ALGORITHM = "sm3"
    with pytest.raises(ImproperlyConfigured, match="started with sha256"):
        services.append(kind="k", payload={}, actor=None, subject="")


def test_an_sm3_log_hashes_its_records_with_sm3(settings):
    settings.LEDGER_HASH_ALGORITHM = "sm3"
    _append(5)
    records = _records()
    _size, root, algorithm = services.current_root()
    assert algorithm == "sm3"
    assert root == merkle.root_hash(records, algorithm="sm3")
    _leaf, path = selectors.stored_tree().inclusion(3, 5)
    assert merkle.verify_inclusion(records[3], 3, 5, path, root, algorithm="sm3")


def test_a_tree_head_is_signed_only_when_the_log_has_grown():
    assert services.sign_tree_head() is None
    _append(3)
    head = services.sign_tree_head()
    assert head is not None and head.size == 3
    assert bytes(head.root) == merkle.root_hash(_records())
    assert services.sign_tree_head() is None
    _append(1)
    assert services.sign_tree_head().size == 4
    assert SignedHead.objects.count() == 2


def test_a_signed_head_verifies_with_its_public_key():
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from sanxiang.ledger import signing

    _append(2)
    head = services.sign_tree_head()
    message = signing.head_message(
        origin=head.origin, algorithm=head.algorithm, size=head.size, root=bytes(head.root),
        signed_at=head.signed_at,
    )  # fmt: skip
    public = Ed25519PublicKey.from_public_bytes(bytes(head.public_key))
    public.verify(bytes(head.signature), message)
    with pytest.raises(InvalidSignature):
        public.verify(bytes(head.signature), message.replace(b"size: 2", b"size: 1"))


def test_the_tick_job_signs_a_head_once_per_growth():
    from sanxiang.core import tick

    job = next(job for job in tick.jobs() if job.name == "ledger-sign-head")
    _append(4)
    assert job.run().startswith("signed tree head at size 4")
    assert job.run().startswith("no new entries")
    assert SignedHead.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_transactional_tests_flush_empties_the_ledger_and_keeps_the_triggers():
    services.append(kind="k", payload={}, actor=None, subject="")
    call_command("flush", interactive=False, verbosity=0)
    assert not Entry.objects.exists()
    entry = services.append(kind="k", payload={}, actor=None, subject="")
    assert entry.seq == 0
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(seq=0).update(record='{"kind":"changed"}')


def test_flush_is_refused_in_production(settings):
    from django.core.management import CommandError

    settings.PRODUCTION = True
    services.append(kind="k", payload={}, actor=None, subject="")
    with pytest.raises(CommandError, match="refused in production"):
        call_command("flush", interactive=False, verbosity=0)
    assert Entry.objects.count() == 1
