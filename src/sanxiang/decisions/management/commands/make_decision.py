"""``sanxiang make_decision``: make a case's decision from the command line (via the service)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanxiang.agencies.models import User
from sanxiang.cases.models import Case
from sanxiang.decisions import services


class Command(BaseCommand):
    help = (
        "Make the decision of a case as the given user (the head; in the summary procedure "
        "also a handling officer); the review gate and the summary limits apply."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--case", required=True, help="case number")
        parser.add_argument("--user", required=True, help="username of the deciding user")
        parser.add_argument("--facts", required=True)
        parser.add_argument("--content", required=True)
        parser.add_argument("--legal-basis", dest="legal_basis", required=True)
        parser.add_argument("--penalty", action="append", default=[], help="penalty type")
        parser.add_argument("--fine", default=None)
        parser.add_argument("--place", default="", help="place of an on-the-spot decision")
        parser.add_argument("--mitigation", default="", help="lighter or reduced (第三十条)")
        parser.add_argument("--mitigation-reasoning", dest="mitigation_reasoning", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            case = Case.objects.get(number=options["case"])
            user = User.objects.get(username=options["user"])
        except (Case.DoesNotExist, User.DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        penalties = options["penalty"]
        data = services.DecisionData(
            facts=options["facts"], content=options["content"],
            legal_basis=options["legal_basis"],
            penalty_types=[penalties] if isinstance(penalties, str) else penalties,
            fine=Decimal(options["fine"]) if options["fine"] else None, place=options["place"],
            mitigation=options["mitigation"], mitigation_reasoning=options["mitigation_reasoning"],
        )  # fmt: skip
        try:
            decision = services.make_decision(actor=user, case=case, data=data)
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError(" ".join(messages)) from exc
        self.stdout.write(decision.number)
