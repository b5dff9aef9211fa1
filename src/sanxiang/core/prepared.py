"""Server-side prepared statements for the hottest read queries, on PostgreSQL.

Django plans every query anew (psycopg's automatic preparation is off), and for a short
query on a hot page the planning costs more than the execution: the public decision page's
state query took 0.5 ms to plan and 0.1 ms to run. ``fetchone`` prepares a statement once per
database connection (named by a digest of its SQL, so a changed query is a new statement) and
then only executes it. Other databases run the SQL as it is.

Not for PostgreSQL behind a pooler in transaction mode, where a session's prepared statements
are not kept (Django's own server-side cursors have the same limit).
"""

from __future__ import annotations

import hashlib
import re
import weakref
from typing import Any

from django.db import connections

_PLACEHOLDER = re.compile(r"%([s%])")
_prepared: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


def _numbered(sql: str) -> str:
    """Django's ``%s`` placeholders as PostgreSQL's ``$1``, ``$2``…; ``%%`` as ``%``."""
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        if match.group(1) == "%":
            return "%"
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(replace, sql)


def _execute(cursor: Any, connection: Any, sql: str, params: list[Any]) -> None:
    if connection.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    name = "sanxiang_" + hashlib.sha256(sql.encode()).hexdigest()[:24]
    known = _prepared.setdefault(connection.connection, set())
    if name not in known:
        # Once per connection, on its own: a failed PREPARE leaves nothing behind, and a
        # statement that exists is never prepared again.
        cursor.execute(f"PREPARE {name} AS {_numbered(sql)}")  # no parameters: % is literal
        known.add(name)
    arguments = f"({', '.join(['%s'] * len(params))})" if params else ""
    cursor.execute(f"EXECUTE {name}{arguments}", params)


def fetchone(sql: str, params: list[Any], *, using: str = "default") -> tuple[Any, ...] | None:
    """The first row of ``sql`` (Django's placeholders) with ``params``, or None."""
    connection = connections[using]
    with connection.cursor() as cursor:
        _execute(cursor, connection, sql, params)
        row = cursor.fetchone()
    return tuple(row) if row else None


def fetchall(sql: str, params: list[Any], *, using: str = "default") -> list[tuple[Any, ...]]:
    """Every row of ``sql`` (Django's placeholders) with ``params``."""
    connection = connections[using]
    with connection.cursor() as cursor:
        _execute(cursor, connection, sql, params)
        return [tuple(row) for row in cursor.fetchall()]
