"""``sanxiang witness URL``: witness another installation's ledger (C2SP tlog-cosignature).

- ``sanxiang witness URL --log-key NAME+HASH+KEY``: the first time, with the log's verifier key
  as published on its /ledger/ page or printed on paper; later runs need only the URL (run it
  from cron). Exit 0: cosigned (and submitted); 1: refused or failed, with the reason;
  3: a fork was found and its evidence kept (``sanxiang witness --evidence`` lists it).
- ``sanxiang witness --show-key``: this installation's witness key, to give to the log.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sanxiang.ledger import witnessing
from sanxiang.ledger.models import ForkEvidence

FORK_EXIT = 3


class Command(BaseCommand):
    help = "Witness another installation's ledger: check its checkpoint and cosign it."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("url", nargs="?", help="the installation's address")
        parser.add_argument("--log-key", help="the log's verifier key (first run)")
        parser.add_argument("--no-submit", action="store_true", help="cosign but do not post")
        parser.add_argument("--show-key", action="store_true", help="print this witness's key")
        parser.add_argument("--evidence", action="store_true", help="list the forks found")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["show_key"]:
            self.stdout.write(str(witnessing.own_witness_key()))
            return
        if options["evidence"]:
            self._evidence()
            return
        if not options["url"]:
            raise CommandError(_("Give the address of the installation to witness."))
        try:
            outcome = witnessing.witness_log(
                url=options["url"], log_key=options["log_key"], submit=not options["no_submit"]
            )
        except witnessing.WitnessError as exc:
            raise CommandError(_("Not cosigned: %(reason)s") % {"reason": exc}) from exc
        if outcome.fork is not None:
            self.stderr.write(
                _("FORK: %(origin)s: %(reason)s. Nothing was cosigned; the evidence is kept "
                  "as number %(id)s (sanxiang witness --evidence).")
                % {"origin": outcome.origin, "reason": outcome.fork.reason, "id": outcome.fork.pk}
            )  # fmt: skip
            raise CommandError(_("Fork found."), returncode=FORK_EXIT)
        self.stdout.write(
            _("Cosigned %(origin)s at size %(size)s.") % {"origin": outcome.origin,
                                                          "size": outcome.size}
        )  # fmt: skip
        if outcome.submitted:
            self.stdout.write(_("The log accepted the cosignature."))
        elif options["no_submit"]:
            return
        else:
            raise CommandError(
                _("The log refused the cosignature: %(answer)s. If it does not know this witness "
                  "yet, give it this key: %(key)s")
                % {"answer": outcome.message, "key": witnessing.own_witness_key()}
            )  # fmt: skip

    def _evidence(self) -> None:
        for fork in ForkEvidence.objects.order_by("pk"):
            self.stdout.write(f"#{fork.pk} {fork.found_at:%Y-%m-%d %H:%M} {fork.origin} {fork.url}")
            self.stdout.write(f"  {fork.reason}")
            self.stdout.write("  " + _("cosigned before:"))
            self.stdout.write("    " + fork.cosigned.replace("\n", "\n    "))
            self.stdout.write("  " + _("received:"))
            self.stdout.write("    " + fork.received.replace("\n", "\n    "))
