# The searchable columns of Entry become generated columns computed from the record, so
# that they cannot disagree with it. The append-only triggers are lifted around the change
# (SQLite rebuilds the table, which drops its triggers) and put back after.

from django.db import migrations, models

import sanxiang.ledger.models


def lift(apps, schema_editor):
    from sanxiang.ledger import triggers

    for statement in triggers.drop_sql(schema_editor.connection.vendor, triggers.FIRST_TABLES):
        schema_editor.execute(statement, params=None)


def restore(apps, schema_editor):
    from sanxiang.ledger import triggers

    for statement in triggers.create_sql(schema_editor.connection.vendor, triggers.FIRST_TABLES):
        schema_editor.execute(statement, params=None)


def _generated(expression, output_field, index=True):
    return models.GeneratedField(
        db_persist=True, expression=expression, output_field=output_field, db_index=index
    )


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_append_only_triggers")]

    operations = [
        migrations.RunPython(lift, restore),
        migrations.RemoveField(model_name="entry", name="kind"),
        migrations.RemoveField(model_name="entry", name="subject"),
        migrations.RemoveField(model_name="entry", name="actor_id"),
        migrations.RemoveField(model_name="entry", name="actor_name"),
        migrations.RemoveField(model_name="entry", name="blob"),
        migrations.AddField(
            model_name="entry",
            name="kind",
            field=_generated(
                sanxiang.ledger.models.RecordText("kind"),
                models.CharField(max_length=64, verbose_name="kind"),
            ),
        ),
        migrations.AddField(
            model_name="entry",
            name="subject",
            field=_generated(
                sanxiang.ledger.models.RecordText("subject"),
                models.CharField(max_length=200, verbose_name="subject"),
            ),
        ),
        migrations.AddField(
            model_name="entry",
            name="actor_id",
            field=_generated(
                sanxiang.ledger.models.RecordText("actor_id", integer=True),
                models.BigIntegerField(null=True, verbose_name="actor id"),
            ),
        ),
        migrations.AddField(
            model_name="entry",
            name="actor_name",
            field=_generated(
                sanxiang.ledger.models.RecordText("actor_name"),
                models.CharField(max_length=150, verbose_name="actor"),
                index=False,
            ),
        ),
        migrations.AddField(
            model_name="entry",
            name="blob",
            field=_generated(
                sanxiang.ledger.models.RecordText("payload", "file", "digest", default=""),
                models.CharField(max_length=64, verbose_name="file hash"),
            ),
        ),
        migrations.RunPython(restore, lift),
    ]
