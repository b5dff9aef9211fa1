"""Concurrent appends from several real processes build one consistent tree (PostgreSQL)."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time

import pytest
from django.db import connection

from sanxiang.ledger import merkle, services
from sanxiang.ledger.models import Entry
from sanxiang.ledger.verify import verify_ledger

WORKERS = 4
APPENDS_EACH = 40

WORKER = """
import os, sys, time
import django
django.setup()
from django.db import transaction
from sanxiang.ledger import services
worker, count, start = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
while time.time() < start:
    time.sleep(0.005)
for i in range(count):
    with transaction.atomic():
        services.append(kind="test.concurrent", payload={"worker": worker, "i": i},
                        actor=None, subject=f"worker:{worker}")
"""


def _database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_parallel_processes_appending_build_one_consistent_tree():
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need a server database (run with DATABASE_URL=postgres…)")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "sanxiang.settings",
    }
    start = time.time() + 3
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(w), str(APPENDS_EACH), str(start)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for w in range(WORKERS)
    ]
    outputs = [worker.communicate(timeout=120)[0] for worker in workers]
    assert [worker.returncode for worker in workers] == [0] * WORKERS, outputs

    entries = list(Entry.objects.order_by("seq"))
    assert [e.seq for e in entries] == list(range(WORKERS * APPENDS_EACH))
    per_worker = {}
    for entry in entries:
        per_worker.setdefault(entry.payload["worker"], []).append(entry.payload["i"])
    assert all(items == list(range(APPENDS_EACH)) for items in per_worker.values())
    # the writers really interleaved: not one process's entries all in one run
    runs = sum(1 for a, b in itertools.pairwise(entries) if a.subject != b.subject)
    assert runs > WORKERS
    records = [e.record.encode() for e in entries]
    assert services.current_root()[1] == merkle.root_hash(records)
    services.sign_tree_head()
    assert verify_ledger().ok
