"""``sanxiang redact [--person NAME]... [--keep TEXT]...``: publishable text from stdin.

Reads text on standard input and writes it on standard output with ID numbers, telephone
numbers, bank accounts, e-mail addresses and home addresses below the street hidden, and
each named person shown as 张某. ``--report`` lists what was hidden
on standard error.
"""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from sanxiang.core.redaction import KIND_LABELS, redact


class Command(BaseCommand):
    help = "Read text on stdin and write the publishable (redacted) text on stdout."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--person", action="append", default=[], metavar="NAME",
            help="a natural person's name to show as 张某 (repeatable)",
        )  # fmt: skip
        parser.add_argument(
            "--keep", action="append", default=[], metavar="TEXT",
            help="text to leave unchanged, e.g. the agency's complaint telephone (repeatable)",
        )  # fmt: skip
        parser.add_argument("--report", action="store_true", help="list what was hidden on stderr")

    def handle(self, *args: Any, **options: Any) -> None:
        data = sys.stdin.buffer.read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.stderr.write("输入不是UTF-8编码的文本，请先转换为UTF-8后再试。")
            sys.exit(2)
        result = redact(text, persons=options["person"], keep=options["keep"])
        sys.stdout.write(result.text)
        sys.stdout.flush()
        if options["report"]:
            with translation.override(settings.LANGUAGE_CODE):
                for item in result.redactions:
                    self.stderr.write(
                        f"{KIND_LABELS[item.kind]}：{item.original} → {item.replacement}"
                    )
