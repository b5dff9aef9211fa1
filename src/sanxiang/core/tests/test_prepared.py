"""Prepared statements for hot reads: same rows as the plain query, prepared once per
connection on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanxiang.core import prepared

pytestmark = pytest.mark.django_db

SQL = "SELECT %s || '%%' || %s WHERE %s > 0"


def test_placeholders_are_numbered_and_literal_percent_signs_kept():
    assert prepared._numbered(SQL) == "SELECT $1 || '%' || $2 WHERE $3 > 0"
    assert prepared._numbered("SELECT 1") == "SELECT 1"


def test_the_rows_are_the_plain_querys_and_none_when_there_is_none():
    with connection.cursor() as cursor:
        cursor.execute(SQL, ["甲", "乙", 1])
        plain = cursor.fetchone()
    assert prepared.fetchone(SQL, ["甲", "乙", 1]) == tuple(plain) == ("甲%乙",)
    assert prepared.fetchone(SQL, ["丙", "丁", 2]) == ("丙%丁",)  # executed, not prepared again
    assert prepared.fetchone(SQL, ["甲", "乙", 0]) is None
    assert prepared.fetchone("SELECT 42", []) == (42,)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares")
def test_postgresql_prepares_once_per_connection():
    sql = "SELECT count(*) + %s FROM django_migrations WHERE app = %s"
    with CaptureQueriesContext(connection) as first:
        assert prepared.fetchone(sql, [1, "ledger"])
    assert [q["sql"].split()[0] for q in first.captured_queries] == ["PREPARE", "EXECUTE"]
    with CaptureQueriesContext(connection) as again:
        prepared.fetchone(sql, [2, "ledger"])
    assert len(again) == 1 and again.captured_queries[0]["sql"].startswith("EXECUTE sanxiang_")
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'sanxiang_%%'")
        statements = [row[0] for row in cursor.fetchall()]
    assert any("FROM django_migrations WHERE app = $2" in s for s in statements)
