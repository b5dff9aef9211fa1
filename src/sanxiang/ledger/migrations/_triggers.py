"""Helpers for migrations that must lift the append-only triggers around a table change
(SQLite rebuilds the table, which drops its triggers)."""

from sanxiang.ledger import triggers


def lift(apps, schema_editor):
    for statement in triggers.drop_sql(schema_editor.connection.vendor, triggers.FIRST_TABLES):
        schema_editor.execute(statement, params=None)


def restore(apps, schema_editor):
    for statement in triggers.create_sql(schema_editor.connection.vendor, triggers.FIRST_TABLES):
        schema_editor.execute(statement, params=None)
