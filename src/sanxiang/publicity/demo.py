"""Demo data of publicity: the display-period rule table (domain-notes §1.3) and 万新街's
publicity settings. Idempotent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sanxiang.agencies.models import Agency
from sanxiang.publicity.models import DisplayPolicy, PublicitySettings
from sanxiang.review.choices import PenaltyType

GENERAL = "国家发展改革委令第58号《失信行为纠正后的信用信息修复管理办法（试行）》"
MARKET = "市场监管总局令第45号《市场监督管理行政处罚信息公示规定》"
POLICIES: list[dict[str, Any]] = [
    {"name": "信用信息一般规则", "basis": GENERAL, "min_months": 3, "max_months": 36},
    {"name": "安全生产领域：最短公示一年", "basis": GENERAL, "domain_code": "safety",
     "min_months": 12, "max_months": 36},
    {"name": "消防安全领域：最短公示一年", "basis": GENERAL, "domain_code": "fire",
     "min_months": 12, "max_months": 36},
    {"name": "市场监管：仅受警告的不予公示", "basis": f"{MARKET}第二条", "domain_code": "market",
     "penalty_type": PenaltyType.WARNING, "only_this_penalty": True, "do_not_publish": True},
    {"name": "市场监管：较低数额罚款公示三个月", "basis": f"{MARKET}第十三条",
     "domain_code": "market", "penalty_type": PenaltyType.FINE, "only_this_penalty": True,
     "fine_at_most": Decimal("10000"), "min_months": 3, "max_months": 3},
    {"name": "市场监管：其他处罚公示三年", "basis": f"{MARKET}第十三条", "domain_code": "market",
     "min_months": 36, "max_months": 36, "early_end_allowed": False},
]  # fmt: skip


def load(*, stdout: Any) -> None:
    for policy in POLICIES:
        DisplayPolicy.objects.get_or_create(name=policy["name"], defaults=policy)
    for agency in Agency.objects.filter(code__in=["wanxin", "jinqiao"]):
        PublicitySettings.objects.get_or_create(agency=agency)
    stdout.write(
        f"公示期限规则 {DisplayPolicy.objects.count()} 条；门户首页 http://127.0.0.1:8000/"
    )
