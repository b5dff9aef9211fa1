"""``sanxiang ledger``: verify the ledger, sign a tree head, export an evidence package.

- ``sanxiang ledger verify [--files]``: exit 0 when intact; otherwise exit 1 and one line
  per fault naming the entry, tree node, signed head or file.
- ``sanxiang ledger sign``: sign a tree head now if the log grew (``tick`` does it too).
- ``sanxiang ledger export --entry N [--entry M …] --output FILE.zip``: an evidence package.
- ``sanxiang ledger add-witness --label TEXT --key NAME+HASH+KEY``: accept a witness's
  cosignatures; ``sanxiang ledger verifier-key`` prints the log's note key.
- ``sanxiang ledger rotate-key --reason TEXT [--user USERNAME]``: retire the signing key for
  a new one (demo: generated under SANXIANG_VAR_DIR; production: the key now configured in
  SANXIANG_LEDGER_SIGNING_KEY[_FILE]), recorded in the ledger, and sign a head with it.
"""

from __future__ import annotations

import getpass
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sanxiang.ledger import package, selectors, services, signing, witnessing
from sanxiang.ledger.verify import verify_ledger


class Command(BaseCommand):
    help = "Verify the tamper-evident ledger, sign a tree head, or export an evidence package."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="recompute every record, node and signed head")
        verify.add_argument("--files", action="store_true", help="also rehash every stored file")
        sub.add_parser("sign", help="sign a tree head if the log grew")
        export = sub.add_parser("export", help="write an evidence package (zip)")
        export.add_argument("--entry", type=int, action="append", required=True, dest="entries")
        export.add_argument("--output", required=True)
        witness = sub.add_parser("add-witness", help="accept cosignatures from a witness")
        witness.add_argument("--label", required=True, help="who the witness is, e.g. 东丽区司法局")
        witness.add_argument("--key", required=True, help="its cosigner key, name+hash+key")
        sub.add_parser("verifier-key", help="print the log's note verifier key")
        rotate = sub.add_parser("rotate-key", help="retire the signing key for a new one")
        rotate.add_argument("--reason", required=True, help="why the key is rotated (recorded)")
        rotate.add_argument("--user", help="username of the person rotating (recorded)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "verify":
            self._verify(files=options["files"])
        elif action == "sign":
            head = services.sign_tree_head()
            if head is None:
                self.stdout.write(_("The log has not grown since the last signed head."))
            else:
                self.stdout.write(_("Signed the tree head at size %(size)s.") % {"size": head.size})
        elif action == "add-witness":
            try:
                added = witnessing.register_witness(
                    actor=None, label=options["label"], key=options["key"]
                )
            except witnessing.WitnessError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(_("Witness %(label)s registered.") % {"label": added.label})
        elif action == "verifier-key":
            self.stdout.write(signing.verifier_key(selectors.current_key().public_key))
        elif action == "rotate-key":
            self._rotate(reason=options["reason"], username=options["user"])
        else:
            self._export(options["entries"], Path(options["output"]))

    def _rotate(self, *, reason: str, username: str | None) -> None:
        from django.contrib.auth import get_user_model

        actor = None
        if username:
            actor = get_user_model().objects.filter(username=username).first()
            if actor is None:
                raise CommandError(_("No user named %(name)s.") % {"name": username})
        try:
            operator = getpass.getuser()
        except (KeyError, OSError):
            operator = ""
        try:
            rotation = services.rotate_signing_key(actor=actor, reason=reason, operator=operator)
        except services.RotationError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Retired signing key %(old)s; key %(new)s is valid from %(start)s. Recorded as "
                "entry #%(seq)s; signed the tree head at size %(size)s with the new key."
            )
            % {
                "old": rotation.old.key_id,
                "new": rotation.new.key_id,
                "start": signing.format_time(rotation.new.valid_from),
                "seq": rotation.entry.seq,
                "size": rotation.head.size,
            }
        )

    def _verify(self, *, files: bool) -> None:
        report = verify_ledger(files=files)
        for fault in report.faults:
            self.stdout.write(str(fault))
        summary = _(
            "%(size)s entries, %(heads)s signed heads, %(files)s files checked; %(faults)s faults."
        ) % {
            "size": report.size,
            "heads": report.heads,
            "files": report.files,
            "faults": len(report.faults),
        }
        if report.ok:
            self.stdout.write(self.style.SUCCESS(_("Ledger intact.") + " " + summary))
            return
        raise CommandError(_("Ledger damaged.") + " " + summary, returncode=1)

    def _export(self, entries: list[int], output: Path) -> None:
        try:
            data = package.build_package(seqs=entries)
        except package.PackageError as exc:
            raise CommandError(str(exc)) from exc
        output.write_bytes(data)
        self.stdout.write(_("Wrote %(path)s.") % {"path": output})
