"""Security events digested into the ledger; tampering with raw SQL is found and named."""

import contextlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from sanxiang.core import audit as core_audit
from sanxiang.core.audit import Kind, record_security_event
from sanxiang.core.tick import jobs
from sanxiang.ledger import audit
from sanxiang.ledger.models import Entry


@contextlib.contextmanager
def _around_the_triggers():
    """Raw SQL past the append-only triggers, as a database owner could."""
    core_audit.uninstall_triggers(connection)
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        core_audit.install_triggers(connection)


def _events(n, start=0):
    return [
        record_security_event(kind=Kind.LOGIN_FAILED, username=f"user{start + i}") for i in range(n)
    ]


def test_one_ledger_entry_per_batch_with_count_ids_and_a_chained_digest(db, monkeypatch):
    monkeypatch.setattr(audit, "BATCH", 3)
    events = _events(5)
    assert audit.digest_security_events(settle_seconds=0) == (5, 2)
    first, second = Entry.objects.filter(kind=audit.KIND).order_by("seq")
    assert (first.payload["count"], first.payload["first_id"], first.payload["last_id"]) == (
        3, events[0].pk, events[2].pk,
    )  # fmt: skip
    assert second.payload["previous"] == first.payload["sha256"]
    lines = [audit.event_line(e) for e in events[3:]]
    assert second.payload["sha256"] == audit.chain(first.payload["sha256"], lines)


def test_running_again_with_nothing_new_appends_nothing(db):
    _events(2)
    audit.digest_security_events(settle_seconds=0)
    assert audit.digest_security_events(settle_seconds=0) == (0, 0)
    assert Entry.objects.filter(kind=audit.KIND).count() == 1


def test_events_of_the_last_seconds_wait_for_the_next_tick(db):
    _events(1)
    assert audit.digest_security_events(settle_seconds=3600) == (0, 0)


def test_the_tick_job_is_registered_before_the_tree_head_is_signed(db):
    names = [job.name for job in jobs()]
    assert names.index("security-digest") < names.index("ledger-sign-head")


def test_intact_events_verify(db):
    _events(3)
    audit.digest_security_events(settle_seconds=0)
    _events(1, start=3)  # not digested yet: reported, not a fault
    report = audit.verify_security_events()
    assert report.ok
    assert (report.batches, report.events, report.undigested) == (1, 3, 1)
    call_command("audit", "verify")


def test_an_altered_event_is_named(db, capsys):
    events = _events(3)
    audit.digest_security_events(settle_seconds=0)
    with _around_the_triggers() as cursor:
        cursor.execute(
            "UPDATE core_securityevent SET username = %s WHERE id = %s", ["innocent", events[1].pk]
        )
    report = audit.verify_security_events()
    assert [(f.problem, f.event_id) for f in report.faults] == [("altered", events[1].pk)]
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert f"security event {events[1].pk}: altered" in capsys.readouterr().out


def test_a_deleted_event_is_named(db):
    events = _events(3)
    audit.digest_security_events(settle_seconds=0)
    with _around_the_triggers() as cursor:
        cursor.execute("DELETE FROM core_securityevent WHERE id = %s", [events[0].pk])
    report = audit.verify_security_events()
    assert [(f.problem, f.event_id) for f in report.faults] == [("missing", events[0].pk)]


def test_an_event_slipped_into_a_digested_batch_afterwards_is_named(db):
    events = _events(3)
    with _around_the_triggers() as cursor:  # a gap, as a rolled-back insert leaves
        cursor.execute("DELETE FROM core_securityevent WHERE id = %s", [events[1].pk])
    audit.digest_security_events(settle_seconds=0)
    assert audit.verify_security_events().ok
    with _around_the_triggers() as cursor:
        cursor.execute(
            "INSERT INTO core_securityevent (id, at, kind, username, user_agent, path, detail) "
            "SELECT %s, at, 'login', 'forged', '', '', '{}' FROM core_securityevent WHERE id = %s",
            [events[1].pk, events[0].pk],
        )
    report = audit.verify_security_events()
    assert [(f.problem, f.event_id) for f in report.faults] == [("added", events[1].pk)]


def test_a_removed_digest_breaks_the_chain(db, monkeypatch):
    monkeypatch.setattr(audit, "BATCH", 2)
    _events(4)
    audit.digest_security_events(settle_seconds=0)
    first = Entry.objects.filter(kind=audit.KIND).order_by("seq").first()
    from sanxiang.ledger.tests.conftest import triggers_suspended

    with triggers_suspended(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_entry WHERE seq = %s", [first.seq])
    problems = {f.problem for f in audit.verify_security_events().faults}
    assert "chain" in problems


def test_a_signing_key_rotation_is_recorded_as_a_key_change(db, settings, tmp_path):
    from sanxiang.core.models import SecurityEvent
    from sanxiang.ledger import jobs, services

    settings.LEDGER_DEMO_KEY_PATH = tmp_path / "keys" / "ledger-ed25519.pem"
    services.append(kind="test.one", payload={}, actor=None, subject="test:key")
    jobs.sign_head()
    assert not SecurityEvent.objects.filter(kind=Kind.KEY_CHANGED).exists()
    rotation = services.rotate_signing_key(actor=None, reason="年度轮换", operator="ops")
    [event] = SecurityEvent.objects.filter(kind=Kind.KEY_CHANGED)
    assert event.detail["which"] == "ledger-signing"
    assert event.detail["from"] == rotation.old.key_id
    assert event.detail["to"] == rotation.new.key_id != rotation.old.key_id
    assert event.username == "ops"
    services.append(kind="test.two", payload={}, actor=None, subject="test:key")
    jobs.sign_head()  # a plain new head with the same key: nothing more recorded
    assert SecurityEvent.objects.filter(kind=Kind.KEY_CHANGED).count() == 1
