"""``sanxiang backup [--output FILE]``: the whole installation as one archive (issue 9)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sanxiang.core.audit import Kind, record_security_event
from sanxiang.installation.backup import create_backup


class Command(BaseCommand):
    help = "Back up the database, stored files, ledger and keys into one archive with a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", help="archive path (default: VAR_DIR/backups/sanxiang-<time>.tar.gz)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        default = (
            Path(settings.VAR_DIR) / "backups" / f"sanxiang-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        )
        target = Path(options["output"] or default)
        manifest = create_backup(target)
        record_security_event(
            kind=Kind.EXPORT,
            detail={"what": "backup", "command": True, "output": str(target),
                    "members": len(manifest["members"])},
        )  # fmt: skip
        self.stdout.write(
            f"备份完成：{target}（{len(manifest['members'])} 个成员，清单含每个成员的SHA-256）"
        )
        self.stdout.write("注意：备份文件含密钥，请妥善保管。")
