"""``sanxiang restore FILE``: restore an archive onto an empty installation, then verify."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from sanxiang.installation.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive onto an empty installation and verify the ledger and files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the archive made by `sanxiang backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore_backup(Path(options["archive"]))
        except BackupError as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        self.stdout.write(
            f"已恢复：{report.rows} 条数据记录，{report.files} 个文件，{report.keys} 个密钥文件。"
        )
        for path in report.skipped_keys:
            self.stdout.write(f"未覆盖已有的不同密钥：{path}")
        self.stdout.write("正在核验台账和文件（sanxiang ledger verify --files）…")
        call_command("ledger", "verify", "--files", stdout=self.stdout, stderr=self.stderr)
