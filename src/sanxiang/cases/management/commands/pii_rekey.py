"""``sanxiang pii-rekey [--all]``: parties' personal data re-encrypted under the newest key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanxiang.cases.rekey import rekey_parties
from sanxiang.core.pii import PiiError


class Command(BaseCommand):
    help = (
        "Re-encrypt parties' ID numbers, phones and addresses under the newest key of "
        "SANXIANG_PII_KEYS and recompute the ID numbers' keyed hashes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="rewrite every row, not only those under old keys"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = rekey_parties(force=options["all"])
        except PiiError as exc:
            raise CommandError(f"无法解密当事人个人信息，重新加密未完成：{exc}") from exc
        self.stdout.write(
            f"已检查 {report.checked} 个当事人，{report.rewritten} 个已用密钥"
            f"“{report.key_id}”重新加密。"
        )
