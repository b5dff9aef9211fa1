"""``sanxiang push-replay ID …``: send deliveries to the supervision platform again now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sanxiang.api import push
from sanxiang.api.models import Delivery


class Command(BaseCommand):
    help = "Send deliveries to the supervision platform again (by id), whatever their status."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="+", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        if not push.enabled():
            raise CommandError(_("Pushing is off: set SANXIANG_API_PUSH_URL."), returncode=2)
        failed = 0
        for pk in options["ids"]:
            delivery = Delivery.objects.filter(pk=pk).first()
            if delivery is None:
                raise CommandError(_("No delivery has the id %(id)s.") % {"id": pk}, returncode=2)
            ok = push.replay(delivery)
            failed += not ok
            self.stdout.write(f"{delivery.key}: {'delivered' if ok else delivery.last_error}")
        if failed:
            raise CommandError(_("%(n)s deliveries failed again.") % {"n": failed}, returncode=1)
