# Signing keys with their validity (key rotation); append-only like the rest of the ledger.
# Existing installations register their configured key on the next signing (services).

from django.db import migrations, models

TABLES = ("ledger_signingkey",)


def install(apps, schema_editor):
    from sanxiang.ledger import triggers

    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":  # the shared trigger function, in case it is missing
        schema_editor.execute(triggers.create_sql(vendor)[0], params=None)
    for statement in triggers.create_sql(vendor, TABLES):
        if "CREATE OR REPLACE FUNCTION" not in statement:
            schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    from sanxiang.ledger import triggers

    for statement in triggers.drop_sql(schema_editor.connection.vendor, TABLES, function=False):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0004_fewer_generated_columns")]

    operations = [
        migrations.CreateModel(
            name="SigningKey",
            fields=[
                (
                    "key_id",
                    models.CharField(
                        max_length=16, primary_key=True, serialize=False, verbose_name="key id"
                    ),
                ),
                ("public_key", models.BinaryField(verbose_name="public key")),
                ("valid_from", models.DateTimeField(unique=True, verbose_name="valid from")),
            ],
            options={
                "verbose_name": "signing key",
                "verbose_name_plural": "signing keys",
                "ordering": ["valid_from"],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
