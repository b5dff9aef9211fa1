"""The portal's text of an on-the-spot decision states the remedy the law prescribes
(行政复议法 第二十三条: reconsideration first, no direct lawsuit)."""

from __future__ import annotations

from decimal import Decimal

from sanxiang.cases import services as cases
from sanxiang.cases.choices import Procedure, Transition
from sanxiang.cases.tests.factories import open_case
from sanxiang.decisions import services
from sanxiang.decisions.choices import PenaltyType
from sanxiang.publicity.content import original_text


def on_the_spot(officer, partner, power_item):
    case = open_case(officer, power_item, partner, procedure=Procedure.SUMMARY)
    return cases.transition_case(actor=officer, case=case, transition=Transition.DECIDE_ON_THE_SPOT)


def fine(amount: str) -> services.DecisionData:
    return services.DecisionData(
        facts="占道摆摊。", content=f"罚款人民币{amount}元。", legal_basis="《条例》第六十一条",
        penalty_types=[PenaltyType.FINE], fine=Decimal(amount),
    )  # fmt: skip


def test_the_portal_text_of_an_on_the_spot_decision_says_reconsideration_first(
    officer, partner, power_item
):
    case = on_the_spot(officer, partner, power_item)
    decision = services.make_decision(actor=officer, case=case, data=fine("150"))
    text = original_text(decision, case.parties.first())
    assert "应当先向行政复议机关申请行政复议" in text
    assert "六个月内" not in text
