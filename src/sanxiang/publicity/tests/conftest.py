"""Fixtures of the publicity tests: a decided case of 万新街 with its publication draft."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sanxiang.cases.tests.conftest import case, partner, power_item, urban  # noqa: F401
from sanxiang.decisions import services as decisions
from sanxiang.decisions.choices import PenaltyType
from sanxiang.publicity import services
from sanxiang.review import services as review
from sanxiang.review.choices import OpinionKind
from sanxiang.review.tests.builders import all_pass, make_reviewer, ready_case, submit

FACTS = (
    "2026年3月2日，当事人张三在万新街成林道占道经营水果摊，执法人员当场责令改正，"
    "证人李四（电话13812345678）在场。张三住址：天津市东丽区万新街道成林道12号楼3门501。"
)


def decide(the_case, officer, reviewer, head, *, fine: str = "2000", penalties=None,
           **extra):  # fmt: skip
    """Walk a case through legal review to the head's decision."""
    make_reviewer(reviewer)
    item = submit(ready_case(the_case, officer), officer, fine=fine)
    review.give_opinion(actor=reviewer, review=item, kind=OpinionKind.AGREE, marks=all_pass())
    the_case.refresh_from_db()
    data = decisions.DecisionData(
        facts=FACTS, content="罚款人民币二千元。",
        legal_basis="《城市道路管理条例》第四十二条第（三）项",
        penalty_types=penalties or [PenaltyType.FINE], fine=Decimal(fine),
        discretion_reasoning="初次违法，按一般阶次裁量。", **extra,
    )  # fmt: skip
    return decisions.make_decision(actor=head, case=the_case, data=data)


@pytest.fixture
def decision(case, officer, reviewer, head):  # noqa: F811
    return decide(case, officer, reviewer, head)


@pytest.fixture
def draft(decision):
    return services.create_publication_draft(decision=decision)
