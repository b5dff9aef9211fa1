"""Database triggers that make the ledger's tables append-only, on SQLite and PostgreSQL.

Rows can be inserted, never updated or deleted, whether through the ORM or raw SQL. They
guard against mistakes and casual edits; a database owner can still drop them, which is why
the Merkle tree, the signed tree heads and ``sanxiang ledger verify`` exist. (PostgreSQL's
TRUNCATE is left to the table owner: the application's role should not own the tables.)
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

# The tables of migrations 0002–0004 (their triggers), then those added later.
FIRST_TABLES = ("ledger_entry", "ledger_node", "ledger_signedhead", "ledger_blob")
LATER_TABLES = (
    "ledger_signingkey",
    "ledger_checkpoint",
    "ledger_checkpointtimestamp",
    "ledger_cosignature",
    "ledger_forkevidence",
)
APPEND_ONLY_TABLES = (*FIRST_TABLES, *LATER_TABLES)

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END $$;
"""


def create_sql(vendor: str, tables: tuple[str, ...] = APPEND_ONLY_TABLES) -> list[str]:
    if vendor == "postgresql":
        return [_PG_FUNCTION] + [
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION ledger_append_only();"
            for table in tables
        ]
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} BEGIN "
            f"SELECT RAISE(ABORT, '{table} is append-only: {op} refused'); END;"
            for table in tables
            for op in ("UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"no append-only triggers for database vendor {vendor!r}")


def drop_sql(
    vendor: str, tables: tuple[str, ...] = APPEND_ONLY_TABLES, *, function: bool = True
) -> list[str]:
    if vendor == "postgresql":
        drops = [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};" for table in tables]
        return drops + (["DROP FUNCTION IF EXISTS ledger_append_only();"] if function else [])
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_{op.lower()};"
        for table in tables
        for op in ("UPDATE", "DELETE")
    ]


def install(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in create_sql(connection.vendor):
            cursor.execute(statement)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in drop_sql(connection.vendor):
            cursor.execute(statement)
