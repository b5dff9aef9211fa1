"""Seed the State Council holiday notices for 2018-2026 from core/data/holiday_notices.json.

Idempotent: a notice already present (by document number) is left as it is, so edits made
in the admin survive. Later years are entered in the admin the day their notice appears.
"""

import datetime as dt
import json
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "data" / "holiday_notices.json"


def _dates(first, last):
    day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def seed(apps, schema_editor):
    HolidayNotice = apps.get_model("core", "HolidayNotice")
    CalendarDay = apps.get_model("core", "CalendarDay")
    data = json.loads(SEED.read_text(encoding="utf-8"))
    for entry in sorted(data["notices"], key=lambda n: n["published_on"]):
        if HolidayNotice.objects.filter(document_number=entry["document_number"]).exists():
            continue
        amends = entry.get("amends")
        notice = HolidayNotice.objects.create(
            document_number=entry["document_number"],
            title=entry["title"],
            year=entry["year"],
            issued_on=entry["issued_on"],
            published_on=entry["published_on"],
            url=entry.get("url", ""),
            amends=HolidayNotice.objects.get(document_number=amends) if amends else None,
        )
        days = []
        for holiday in entry["holidays"]:
            festival = holiday["festival"]
            days += [
                CalendarDay(notice=notice, date=d, kind="rest", festival=festival)
                for d in _dates(*holiday["rest"])
            ]
            days += [
                CalendarDay(notice=notice, date=dt.date.fromisoformat(d), kind="work", festival=festival)
                for d in holiday["work"]
            ]
        CalendarDay.objects.bulk_create(days)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
