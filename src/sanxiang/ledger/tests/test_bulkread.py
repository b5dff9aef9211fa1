"""Bulk reads for full verification: records in parts, joined in order, gaps refused."""

from __future__ import annotations

import pytest
from django.db import connection

from sanxiang.ledger import bulkread, services
from sanxiang.ledger.tests.conftest import triggers_suspended

pytestmark = pytest.mark.django_db


def _records() -> list[bytes]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT record FROM ledger_entry ORDER BY seq")
        return [row[0].encode() for row in cursor.fetchall()]


@pytest.mark.parametrize("parts", [1, 3, 16])
def test_records_are_read_in_parts_and_joined_in_order(monkeypatch, parts):
    monkeypatch.setitem(bulkread.RECORD_PARTS, connection.vendor, parts)
    services.append_many(
        [services.Draft(kind="test.event", payload={"n": i, "名": "张三"}) for i in range(10)]
    )
    records = _records()
    for start, end in [(0, 10), (2, 9), (9, 10), (4, 5)]:
        sql, params = bulkread.records_statement(connection.vendor, start, end)
        assert sql.count("UNION ALL") == min(parts, end - start) - 1
        assert params[0] == start and params[-1] == end  # contiguous, no entry twice
        assert params[1:-1:2] == params[2:-1:2]
        assert bulkread.record_blob(start, end) == b"\n".join(records[start:end])
    # Parts arrive in any order; a missing record makes the whole read refused.
    rows = [(1, 2, b"c\nd"), (0, 2, b"a\nb")]
    assert bulkread.joined_records(rows, 0, 4) == b"a\nb\nc\nd"
    assert bulkread.joined_records(rows, 0, 5) is None
    with triggers_suspended(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_entry WHERE seq = 6")
    assert bulkread.record_blob(0, 10) is None
    assert bulkread.record_blob(0, 6) == b"\n".join(records[:6])
