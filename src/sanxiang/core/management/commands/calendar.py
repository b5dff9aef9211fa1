"""``sanxiang calendar``: working-day arithmetic and the holiday notices.

    sanxiang calendar add-workdays YYYY-MM-DD N   the date N working days after
    sanxiang calendar add-days YYYY-MM-DD N       the last day of an N-calendar-day period
    sanxiang calendar add-months YYYY-MM-DD N     the last day of an N-month period
    sanxiang calendar show YEAR                   the year's days off and make-up days

Dates are printed as YYYY-MM-DD on stdout. A year with no holiday notice, or a malformed
date or number, prints a Chinese message on stderr and exits with status 2.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NoReturn

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from sanxiang.core import calendar, holidays

EXIT_BAD_INPUT = 2
MAX_COUNT = 10000
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNT = re.compile(r"^\d{1,5}$")
_YEAR = re.compile(r"^\d{4}$")

_PERIODS = {
    "add-workdays": calendar.add_working_days,
    "add-days": calendar.add_calendar_days,
    "add-months": calendar.add_months,
}


class BadInput(Exception):
    """A malformed argument; the message says, in Chinese, what was expected."""


class Command(BaseCommand):
    help = "Working-day arithmetic under the State Council holiday notices, and the notices."
    requires_system_checks: list[str] = []  # a quick read-only query; nothing to check first

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        descriptions = {
            "add-workdays": "print the date N working days after DATE (DATE not counted)",
            "add-days": "print the last day of an N-day period after DATE, rolled past rest days",
            "add-months": "print the last day of an N-month period after DATE, rolled past rest days",
        }
        for name, description in descriptions.items():
            action = actions.add_parser(name, help=description)
            action.add_argument("date", help="YYYY-MM-DD")
            action.add_argument("count", help="N, a whole number")
        show = actions.add_parser("show", help="list a year's days off and make-up working days")
        show.add_argument("year", help="YYYY")

    def handle(self, *args: Any, **options: Any) -> None:
        # The console speaks the installation's language (zh-hans), whatever was active.
        with translation.override(settings.LANGUAGE_CODE):
            self._run(options)

    def _run(self, options: dict[str, Any]) -> None:
        try:
            if options["action"] == "show":
                self._show(_parse_year(options["year"]))
            else:
                period = _PERIODS[options["action"]]
                start, count = _parse_date(options["date"]), _parse_count(options["count"])
                self.stdout.write(period(start, count).isoformat())
        except calendar.CalendarDataMissing as exc:
            self._fail(exc.message)
        except BadInput as exc:
            self._fail(str(exc))
        except OverflowError:
            self._fail(_("The period runs past the last date the calendar can hold."))

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(EXIT_BAD_INPUT)

    def _show(self, year: int) -> None:
        if not holidays.has_data(year):
            raise calendar.CalendarDataMissing(year)
        for listing in holidays.notices_for_year(year):
            self.stdout.write(_notice_heading(listing.notice))
            for listed in listing.days:
                self.stdout.write(_day_line(listed))


def _notice_heading(notice: Any) -> str:
    values = {
        "number": notice.document_number,
        "title": notice.title,
        "date": notice.published_on.isoformat(),
    }
    if notice.amends is not None:
        values["amended"] = notice.amends.document_number
        return _("%(number)s %(title)s (published %(date)s; amends %(amended)s)") % values
    return _("%(number)s %(title)s (published %(date)s)") % values


def _day_line(listed: holidays.ListedDay) -> str:
    day = listed.day
    columns = [
        day.date.isoformat(),
        str(WEEKDAYS[day.date.weekday()]),
        str(day.get_festival_display()),
        str(day.get_kind_display()),
    ]
    if listed.superseded_by:
        columns.append(_("(changed by %(number)s)") % {"number": listed.superseded_by})
    return "  ".join(columns)


def _parse_date(value: str) -> dt.date:
    try:
        if _DATE.match(value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise BadInput(
        _("“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2025-09-30.") % {"value": value}
    )


def _parse_count(value: str) -> int:
    if _COUNT.match(value) and int(value) <= MAX_COUNT:
        return int(value)
    raise BadInput(
        _("“%(value)s” is not a valid count: write a whole number from 0 to %(max)d.")
        % {"value": value, "max": MAX_COUNT}
    )


def _parse_year(value: str) -> int:
    if _YEAR.match(value) and int(value) >= 1000:
        return int(value)
    raise BadInput(_("“%(value)s” is not a year: write four digits, e.g. 2026.") % {"value": value})
