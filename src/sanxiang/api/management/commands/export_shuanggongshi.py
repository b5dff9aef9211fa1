"""``sanxiang export-shuanggongshi --since DATE --format csv|xlsx|json --output FILE``.

Published decisions of every agency (or of one, ``--agency CODE``) in the national 双公示
layout. Rows failing the gateway's checks are left out of the file and listed on stderr with
the column and the reason. Exit codes: 0 every row exported, 1 some rows rejected, 2 bad
arguments.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sanxiang.agencies.models import Agency
from sanxiang.api import shuanggongshi
from sanxiang.core.audit import Kind, record_security_event


class _AgencyPrincipal:
    """One agency's view (its own publications), for ``--agency``."""

    is_authenticated = True
    is_active = True
    is_superuser = False

    def __init__(self, agency: Agency) -> None:
        self.agency_id = agency.pk

    def has_role(self, role: Any) -> bool:
        return False


class Command(BaseCommand):
    help = "Export published penalty or licensing decisions in the national 双公示 layout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", type=dt.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--format", choices=shuanggongshi.FORMATS, default="csv")
        parser.add_argument("--kind", choices=shuanggongshi.KINDS, default=shuanggongshi.PENALTY)
        parser.add_argument("--agency", help="only this agency (its public code)")
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        user: Any = shuanggongshi.Installation()
        if options["agency"]:
            agency = Agency.objects.filter(code=options["agency"]).first()
            if agency is None:
                raise CommandError(
                    _("No agency has the code %(code)s.") % {"code": options["agency"]},
                    returncode=2,
                )
            user = _AgencyPrincipal(agency)
        export = shuanggongshi.export_for(user=user, kind=options["kind"], since=options["since"])
        path: Path = options["output"]
        try:
            path.write_bytes(shuanggongshi.render(export, options["format"]))
        except OSError as exc:
            raise CommandError(_("Cannot write %(path)s.") % {"path": path}, returncode=2) from exc
        for problem in export.problems:
            self.stderr.write(f"{problem.number}\t{problem.column}\t{problem.message}")
        record_security_event(
            kind=Kind.EXPORT,
            detail={"what": "shuanggongshi", "command": True, "kind": export.kind,
                    "agency": options["agency"] or "", "rows": len(export.rows), "output": str(path)},
        )  # fmt: skip
        self.stdout.write(f"{len(export.rows)} exported, {export.rejected} rejected: {path}")
        if export.rejected:
            raise CommandError(
                _("%(n)s rows failed the checks and were left out.") % {"n": export.rejected},
                returncode=1,
            )
