"""The proposed fine against the agency's discretion benchmark (裁量基准, 行政处罚法 第三十四条).

The benchmark lives in agencies (``DiscretionRule``: per power-item version, a step such as
从轻/一般/从重 with its circumstances and fine range), read through
``agencies.selectors.current_discretion_rules``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from sanxiang.agencies.selectors import current_discretion_rules
from sanxiang.cases.models import Case
from sanxiang.review.choices import ItemResult


def rules_for(case: Case) -> list[Any]:
    """The benchmark steps in force for the case's power item, lightest first."""
    return list(current_discretion_rules(power_item=case.power_item))


def level_choices(case: Case) -> list[tuple[str, str]]:
    return [(r.level, f"{r.get_level_display()}：{r.circumstances}") for r in rules_for(case)]


def _money(value: Decimal | None) -> str:
    return "—" if value is None else f"¥{value:,.2f}"


def check_fine(case: Case, fine: Decimal, level: str) -> tuple[str, list[str]]:
    """(result, findings) for the proposed ``fine`` at discretion step ``level``."""
    rules = rules_for(case)
    if not rules:
        return ItemResult.PROBLEM, [
            _("No discretion benchmark is entered for power item %(code)s: the fine cannot be "
              "checked (行政处罚法 第三十四条).") % {"code": case.power_item.code}
        ]  # fmt: skip
    chosen = [r for r in rules if r.level == level]
    if not chosen:
        return ItemResult.PROBLEM, [_("The proposal names no discretion step of the benchmark.")]
    rule = chosen[0]
    low, high = rule.fine_min, rule.fine_max
    params = {"fine": _money(fine), "step": rule.get_level_display(), "low": _money(low),
              "high": _money(high)}  # fmt: skip
    if (low is not None and fine < low) or (high is not None and fine > high):
        return ItemResult.PROBLEM, [
            _("The proposed fine %(fine)s is outside the benchmark for %(step)s "
              "(%(low)s to %(high)s).") % params
        ]  # fmt: skip
    return ItemResult.PASS, [
        _("The proposed fine %(fine)s is within the benchmark for %(step)s (%(low)s to "
          "%(high)s).") % params
    ]  # fmt: skip
