"""Demo data of publicity: the display-period rule table (domain-notes §1.3) and 万新街's
publicity settings. Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from sanxiang.agencies.models import Agency, User
from sanxiang.publicity import services
from sanxiang.publicity.choices import PublicationStatus
from sanxiang.publicity.models import DisplayPolicy, Publication, PublicitySettings
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
    _publish_as_months_of_use(stdout)
    stdout.write(
        f"公示期限规则 {DisplayPolicy.objects.count()} 条；门户首页 http://127.0.0.1:8000/"
    )


WITHDRAWAL_REASON = "决定书所列当事人名称有误，本机关已依法重新作出决定（演示）"


def _publish_as_months_of_use(stdout: Any) -> None:
    """万新街's publisher has kept up: every decision's publication is out within its time
    limit (dated as it would have been), except the oldest, left overdue in the queue, and
    one withdrawn with its public reason. Idempotent: a second run finds nothing to do."""
    publisher = User.objects.filter(username="wx_publisher").first()
    if publisher is None:
        return
    services.create_missing_drafts()
    drafts = list(
        Publication.objects.filter(agency=publisher.agency, status=PublicationStatus.DRAFT)
        .order_by("decided_on", "pk")
    )  # fmt: skip
    published = 0
    for draft in drafts[1:]:  # the oldest stays overdue: the publisher's queue shows it
        text = services.preview_redaction(publication=draft).text
        try:
            done = services.publish_decision(
                actor=publisher, publication=draft, redacted_text=text, confirmed=True
            )
        except ValidationError:  # refused by a rule (e.g. a minor's case): stays a draft
            continue
        on_time = min(done.due_on, done.decided_on + dt.timedelta(days=3))
        Publication.objects.filter(pk=done.pk).update(
            published_at=timezone.make_aware(dt.datetime.combine(on_time, dt.time(10)))
        )
        published += 1
    withdrawn = Publication.objects.filter(
        agency=publisher.agency, status=PublicationStatus.WITHDRAWN
    )
    first = (
        Publication.objects.filter(agency=publisher.agency, status=PublicationStatus.PUBLISHED)
        .order_by("published_at", "pk")
        .first()
    )
    if not withdrawn.exists() and first is not None:
        services.withdraw_publication(actor=publisher, publication=first, reason=WITHDRAWAL_REASON)
    mine = Publication.objects.filter(agency=publisher.agency)
    counts = {status: mine.filter(status=status).count() for status in PublicationStatus}
    overdue = mine.filter(status=PublicationStatus.DRAFT, due_on__lt=timezone.localdate()).count()
    stdout.write(
        f"公示：已公示 {counts[PublicationStatus.PUBLISHED]} 条（本次 {published} 条），"
        f"待公示 {counts[PublicationStatus.DRAFT]} 条（其中超期 {overdue} 条），"
        f"已撤下 {counts[PublicationStatus.WITHDRAWN]} 条"
    )
