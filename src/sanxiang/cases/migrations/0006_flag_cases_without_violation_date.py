"""Existing penalty cases were filed before the violation date was recorded (行政处罚法
第三十六条): flag them so the head completes them; nothing is guessed and history is kept."""

from django.db import migrations

# Frozen copies of cases.choices values at the time of writing.
PENALTY = "penalty"
VIOLATION_DATE_MISSING = "violation_date_missing"


def flag(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    rows = Case.objects.filter(category=PENALTY, violation_on__isnull=True)
    for case in rows.iterator(chunk_size=500):
        flags = list(case.rules_flags or [])
        if VIOLATION_DATE_MISSING not in flags:
            case.rules_flags = [*flags, VIOLATION_DATE_MISSING]
            case.save(update_fields=["rules_flags"])


def unflag(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for case in Case.objects.exclude(rules_flags=[]).iterator(chunk_size=500):
        case.rules_flags = [f for f in case.rules_flags if f != VIOLATION_DATE_MISSING]
        case.save(update_fields=["rules_flags"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_violation_limits_approvals")]

    operations = [migrations.RunPython(flag, unflag)]
