"""The checklist's pre-filled items catch a planted expired credential and a fine outside the
agency's discretion benchmark (裁量基准)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from sanxiang.agencies.choices import DiscretionLevel, PowerCategory
from sanxiang.agencies.models import Credential
from sanxiang.agencies.powerlist import PowerContent, RuleContent
from sanxiang.agencies.services.powers import establish_power_item
from sanxiang.agencies.tests.factories import DomainFactory, UserFactory
from sanxiang.cases import services as cases
from sanxiang.cases.choices import ActKind
from sanxiang.cases.tests.factories import open_case, qualified_officer_user, qualify
from sanxiang.core.roles import Role
from sanxiang.review import services
from sanxiang.review.choices import ItemResult, PenaltyType
from sanxiang.review.tests.builders import NO, materials, walk_to_notice


def _case_with_benchmark(wanxin, officer):
    admin = UserFactory(username="admin1", agency=wanxin, roles=[Role.ADMIN])
    DomainFactory()
    item = establish_power_item(
        actor=admin, agency=wanxin, reason="街道综合执法改革", effective_on=dt.date(2026, 3, 2),
        approver="街道党工委会议",
        content=PowerContent(
            code="CF-0001", name="对擅自占用城市道路摆摊设点的处罚",
            category=PowerCategory.PENALTY, domain_code="urban",
            legal_basis="《天津市市容和环境卫生管理条例》第五十八条第一款",
            responsible_unit="综合行政执法大队",
            rules=(
                RuleContent(DiscretionLevel.LIGHTER, "首次被发现，及时改正", Decimal("50"),
                            Decimal("200")),
                RuleContent(DiscretionLevel.HEAVIER, "拒不改正", Decimal("200"), Decimal("500")),
            ),
        ),
    ).item  # fmt: skip
    qualify(officer, item.domain)
    partner = qualified_officer_user(wanxin, item.domain, "partner2")
    case = open_case(officer, item, partner)
    cases.record_act(actor=officer, case=case, kind=ActKind.INSPECTION, started_at=timezone.now(),
                     place="成林道", summary="现场检查", officers=list(case.officers.all()))  # fmt: skip
    return walk_to_notice(case, officer)


def _submit(case, officer, fine: str, level: str):
    services.assess_applicability(actor=officer, case=case, answers=NO)
    return services.submit_for_review(
        actor=officer, case=case, materials=materials(), responsibility_confirmed=True,
        proposal=services.Proposal(
            text="拟罚款", penalties=[PenaltyType.FINE], fine=Decimal(fine),
            circumstances="首次被发现", discretion_level=level, discretion_reasoning="从轻",
        ),
    )  # fmt: skip


def _entry(review, item):
    return review.checklist.get(item=item)


def test_an_expired_credential_on_the_acts_date_is_caught(wanxin, officer):
    case = _case_with_benchmark(wanxin, officer)
    today = timezone.localdate()
    Credential.objects.filter(officer=officer.officer).update(
        valid_from=today - dt.timedelta(days=400), valid_to=today - dt.timedelta(days=1)
    )
    review = _submit(case, officer, "100", "lighter")
    entry = _entry(review, "officers")
    assert entry.prefill == ItemResult.PROBLEM
    assert any("已过期" in finding for finding in entry.findings)


def test_a_fine_outside_the_benchmark_is_caught_and_one_inside_passes(wanxin, officer):
    case = _case_with_benchmark(wanxin, officer)
    review = _submit(case, officer, "2000", "lighter")
    law = _entry(review, "law")
    assert law.prefill == ItemResult.PROBLEM
    assert "超出裁量基准" in law.findings[0]
    assert _entry(review, "officers").prefill == ItemResult.PASS


def test_a_fine_within_the_benchmark_passes(wanxin, officer):
    case = _case_with_benchmark(wanxin, officer)
    review = _submit(case, officer, "150", "lighter")
    assert _entry(review, "law").prefill == ItemResult.PASS
