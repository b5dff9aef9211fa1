"""``sanxiang audit``: the security events (core.audit) against their digests in the ledger.

- ``sanxiang audit verify``: exit 0 when every digested event is as it was; otherwise exit 1
  and one line per event altered, missing or added, or per broken link of the chain.
- ``sanxiang audit digest``: digest new events now (``tick`` does it too).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sanxiang.ledger import audit


class Command(BaseCommand):
    help = "Verify the security events against their ledger digests, or digest new ones."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="recompute every digest and name what differs")
        digest = sub.add_parser("digest", help="digest new security events into the ledger")
        digest.add_argument("--settle-seconds", type=int, default=audit.SETTLE_SECONDS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "digest":
            events, entries = audit.digest_security_events(settle_seconds=options["settle_seconds"])
            self.stdout.write(
                _("%(events)s security events digested in %(entries)s ledger entries.")
                % {"events": events, "entries": entries}
            )
            return
        report = audit.verify_security_events()
        for fault in report.faults:
            self.stdout.write(str(fault))
        summary = _(
            "%(events)s events in %(batches)s digests checked, %(new)s not digested yet; "
            "%(faults)s faults."
        ) % {
            "events": report.events, "batches": report.batches, "new": report.undigested,
            "faults": len(report.faults),
        }  # fmt: skip
        if not report.ok:
            raise CommandError(_("Security events were changed.") + " " + summary)
        self.stdout.write(self.style.SUCCESS(_("Security events intact.") + " " + summary))
