# Append-only triggers on the ledger's tables, per database vendor (sanxiang.ledger.triggers).

from django.db import migrations


def install(apps, schema_editor):
    from sanxiang.ledger import triggers

    for statement in triggers.create_sql(schema_editor.connection.vendor, triggers.FIRST_TABLES):
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    from sanxiang.ledger import triggers

    for statement in triggers.drop_sql(schema_editor.connection.vendor, triggers.FIRST_TABLES):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
