"""Extensions approved before 行政处罚法 第六十条's rule name no provision allowing them: flag
the undecided penalty cases that have one, for the head to record it (nothing is guessed)."""

from django.db import migrations

# Frozen copies of cases.choices values at the time of writing.
PENALTY = "penalty"
EXTENSION_BASIS_MISSING = "extension_basis_missing"


def flag(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    rows = Case.objects.filter(
        category=PENALTY, decided_on__isnull=True, extensions__legal_basis=""
    ).distinct()
    for case in rows.iterator(chunk_size=500):
        flags = list(case.rules_flags or [])
        if EXTENSION_BASIS_MISSING not in flags:
            case.rules_flags = [*flags, EXTENSION_BASIS_MISSING]
            case.save(update_fields=["rules_flags"])


def unflag(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for case in Case.objects.exclude(rules_flags=[]).iterator(chunk_size=500):
        case.rules_flags = [f for f in case.rules_flags if f != EXTENSION_BASIS_MISSING]
        case.save(update_fields=["rules_flags"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_summary_procedure")]

    operations = [migrations.RunPython(flag, unflag)]
