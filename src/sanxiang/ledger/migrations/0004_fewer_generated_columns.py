# Actor id and name are read from the record rather than generated as columns: each generated
# column costs PostgreSQL a JSON parse per inserted entry, and nobody searches by them.

from django.db import migrations

from sanxiang.ledger.migrations import _triggers


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_generated_search_columns")]

    operations = [
        migrations.RunPython(_triggers.lift, _triggers.restore),
        migrations.RemoveField(model_name="entry", name="actor_id"),
        migrations.RemoveField(model_name="entry", name="actor_name"),
        migrations.RunPython(_triggers.restore, _triggers.lift),
    ]
