"""``sanxiang rules``: every statutory rule the platform applies, with its article.

sanxiang rules              a readable list (Chinese)
sanxiang rules --json       the same as JSON, for machines
sanxiang rules --markdown   the guide page docs/guide/rules.md (kept equal by a test)
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from sanxiang.core.rulebook import Rule, all_rules

GUARD_NAMES = {
    "transition": "环节流转",
    "document": "执法文书",
    "deadline": "期限",
    "warning": "预警",
    "record": "记录",
}


def as_json(declared: Rule) -> dict[str, Any]:
    return {
        "id": declared.id,
        "statute": declared.statute,
        "article": declared.article,
        "words": declared.words,
        "summary": str(declared.summary),
        "guards": list(declared.guards),
        "enforced_in": list(declared.enforced_in),
        "settings": [
            {"name": item.name, "default": item.default, "bounds": item.bounds}
            for item in declared.settings
        ],
    }


def as_markdown(rules: list[Rule]) -> str:
    lines = [
        "# 执法规则与法律依据",
        "",
        "本页列出平台执行的每一条法定规则：规则编号、所依据的法律条文、平台如何执行、"
        "在哪里执行。本页由 `sanxiang rules --markdown` 生成，与代码保持一致（有测试核对），"
        "供法制审核人员和培训人员查阅。拒绝某项操作时，系统提示的末尾会注明规则编号和条文。",
        "",
    ]
    current = None
    for declared in rules:
        if declared.statute != current:
            current = declared.statute
            lines += [f"## {current}", ""]
        lines += [
            f"### {declared.article}：{declared.summary}",
            "",
            f"- 规则编号：`{declared.id}`",
            f"- 条文：{declared.words}",
            "- 约束：" + "、".join(GUARD_NAMES[guard] for guard in declared.guards),
            "- 执行位置：" + "，".join(f"`{path}`" for path in declared.enforced_in),
        ]
        for item in declared.settings:
            lines.append(f"- 可配置：`{item.name}`（默认 {item.default}；法定范围：{item.bounds}）")
        lines.append("")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "List every statutory rule the platform applies, with its article."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--json", action="store_true", help="print JSON")
        group.add_argument("--markdown", action="store_true", help="print the guide page")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            rules = all_rules()
            if options["json"]:
                self.stdout.write(
                    json.dumps([as_json(r) for r in rules], ensure_ascii=False, indent=2)
                )
            elif options["markdown"]:
                self.stdout.write(as_markdown(rules), ending="")
            else:
                for declared in rules:
                    self.stdout.write(f"{declared.id}\t{declared.citation}\t{declared.summary}")
                self.stdout.write(_("%(count)d rules.") % {"count": len(rules)})
