"""The power list's content: what one version holds, how it is checked and compared.

Pure functions over plain values, shared by the services, the Excel import and the pages.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from sanxiang.agencies.choices import DiscretionLevel, PowerCategory

# An article-level citation: 第三十六条, 第36条 (optionally with 第一款, 第（二）项 after it).
ARTICLE = re.compile(r"第[一二三四五六七八九十百千零〇两\d]+条")

CONTENT_FIELDS = [
    "code", "name", "category", "domain_code", "legal_basis", "responsible_unit",
    "procedure", "time_limit", "remedy",
]  # fmt: skip

FIELD_LABELS = {
    "code": gettext_lazy("Item code"),
    "name": pgettext_lazy("thing", "Name"),
    "category": gettext_lazy("Category"),
    "domain_code": gettext_lazy("Enforcement domain"),
    "legal_basis": gettext_lazy("Legal basis"),
    "responsible_unit": gettext_lazy("Responsible unit"),
    "procedure": gettext_lazy("Procedure"),
    "time_limit": gettext_lazy("Time limit"),
    "remedy": gettext_lazy("Remedies"),
    "discretion": gettext_lazy("Discretion standard"),
}


@dataclass(frozen=True)
class RuleContent:
    """One step of a discretion standard, as entered."""

    level: str
    circumstances: str
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    other_penalty: str = ""

    def as_line(self) -> str:
        level = DiscretionLevel(self.level).label if self.level in DiscretionLevel else self.level
        penalty = penalty_text(self.fine_min, self.fine_max, self.other_penalty)
        return f"{level}｜{self.circumstances}｜{penalty}"

    def payload(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("fine_min", "fine_max"):
            data[key] = None if data[key] is None else str(data[key])
        return data


@dataclass(frozen=True)
class PowerContent:
    """What one version of a power item says."""

    code: str
    name: str
    category: str
    domain_code: str
    legal_basis: str
    responsible_unit: str
    procedure: str = ""
    time_limit: str = ""
    remedy: str = ""
    rules: tuple[RuleContent, ...] = field(default=())

    def payload(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in CONTENT_FIELDS}
        data["rules"] = [rule.payload() for rule in self.rules]
        return data


def content_of(version: Any) -> PowerContent:
    """The content of a stored ``PowerItemVersion``."""
    rules = tuple(
        RuleContent(r.level, r.circumstances, r.fine_min, r.fine_max, r.other_penalty)
        for r in version.discretion_rules.all()
    )
    return PowerContent(
        code=version.code, name=version.name, category=version.category,
        domain_code=version.domain.code, legal_basis=version.legal_basis,
        responsible_unit=version.responsible_unit, procedure=version.procedure,
        time_limit=version.time_limit, remedy=version.remedy, rules=rules,
    )  # fmt: skip


def money(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


def penalty_text(fine_min: Decimal | None, fine_max: Decimal | None, other: str) -> str:
    """The penalty of a discretion step in words: "罚款¥500.00至¥2,000.00；没收违法所得"."""
    parts = []
    if fine_min is not None and fine_max is not None and fine_min != fine_max:
        parts.append(
            _("fine of %(low)s to %(high)s") % {"low": money(fine_min), "high": money(fine_max)}
        )
    elif fine_min is not None or fine_max is not None:
        amount = fine_max if fine_max is not None else fine_min
        assert amount is not None
        parts.append(_("fine of %(amount)s") % {"amount": money(amount)})
    if other:
        parts.append(other)
    return "；".join(parts) or _("no penalty")


def content_problems(content: PowerContent, *, known_domains: set[str]) -> dict[str, list[str]]:
    """Each field's problems, in plain Chinese; empty when the content may be recorded."""
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    if not content.code.strip():
        add("code", _("Enter the item code."))
    elif len(content.code) > 40:
        add("code", _("The item code may have at most 40 characters."))
    if not content.name.strip():
        add("name", _("Enter the item's name."))
    if content.category not in PowerCategory.values:
        add("category", _("Choose a category from the list, e.g. 行政处罚 or 行政许可."))
    if content.domain_code not in known_domains:
        add("domain_code", _("Choose an enforcement domain from the list, e.g. 城市管理."))
    lines = [line for line in content.legal_basis.splitlines() if line.strip()]
    if not lines:
        add("legal_basis", _("Enter the legal basis, one article per line."))
    for line in lines:
        if not ARTICLE.search(line):
            add(
                "legal_basis",
                _("Cite the article, e.g. 《城市市容和环境卫生管理条例》第三十六条: “%(line)s”")
                % {"line": line.strip()},
            )
    if not content.responsible_unit.strip():
        add("responsible_unit", _("Enter the unit responsible for the item."))
    for message in rule_problems(content.rules, category=content.category):
        add("discretion", message)
    return problems


def rule_problems(rules: tuple[RuleContent, ...], *, category: str) -> list[str]:
    if rules and category != PowerCategory.PENALTY:
        return [_("Only penalty items have a discretion standard.")]
    problems = []
    for number, rule in enumerate(rules, start=1):
        where = _("Step %(n)s: ") % {"n": number}
        if rule.level not in DiscretionLevel.values:
            problems.append(where + _("choose a discretion step, e.g. 从轻 or 一般."))
        if not rule.circumstances.strip():
            problems.append(where + _("describe the circumstances."))
        fines = [f for f in (rule.fine_min, rule.fine_max) if f is not None]
        if any(f < 0 for f in fines):
            problems.append(where + _("a fine cannot be negative."))
        if len(fines) == 2 and rule.fine_min > rule.fine_max:  # type: ignore[operator]
            problems.append(where + _("the lowest fine is above the highest fine."))
        if (
            not fines
            and not rule.other_penalty.strip()
            and rule.level != DiscretionLevel.NO_PENALTY
        ):
            problems.append(where + _("give a fine range or another penalty."))
    return problems


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "delete" or "insert"
    text: str


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    segments: list[Segment]


def _segments(old: str, new: str) -> list[Segment]:
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    out = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Segment("equal", old[a1:a2]))
            continue
        if a2 > a1:
            out.append(Segment("delete", old[a1:a2]))
        if b2 > b1:
            out.append(Segment("insert", new[b1:b2]))
    return out


def _display(content: PowerContent, name: str, domains: dict[str, str]) -> str:
    if name == "category":
        return str(PowerCategory(content.category).label)
    if name == "domain_code":
        return domains.get(content.domain_code, content.domain_code)
    if name == "discretion":
        return "\n".join(rule.as_line() for rule in content.rules)
    return str(getattr(content, name))


def differences(
    old: PowerContent | None, new: PowerContent, *, domains: dict[str, str]
) -> list[FieldChange]:
    """What changed from ``old`` to ``new``, field by field, with the words struck and added."""
    changes = []
    for name in [*CONTENT_FIELDS, "discretion"]:
        before = "" if old is None else _display(old, name, domains)
        after = _display(new, name, domains)
        if before != after:
            label = str(FIELD_LABELS[name])
            changes.append(FieldChange(name, label, _segments(before, after)))
    return changes
