"""The bigram search index of published decisions: on PostgreSQL a trigger-kept ``tsvector``
column with a GIN index, on SQLite an FTS5 table (see ``sanxiang.publicity.search``)."""

from django.db import migrations

from sanxiang.publicity import search


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(search.PG_INSTALL)
    elif vendor == "sqlite":
        schema_editor.execute(search.SQLITE_INSTALL)
        Publication = apps.get_model("publicity", "Publication")
        for publication in Publication.objects.filter(status="published").iterator():
            schema_editor.execute(
                f"INSERT INTO {search.FTS_TABLE} (rowid, grams) VALUES (%s, %s)",
                [publication.pk, " ".join(search.sqlite_bigrams(publication.search_text))],
            )


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(search.PG_UNINSTALL)
    elif vendor == "sqlite":
        schema_editor.execute(search.SQLITE_UNINSTALL)


class Migration(migrations.Migration):
    dependencies = [("publicity", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
