"""Limits of the review app, each with where it comes from."""

from decimal import Decimal

from sanxiang.cases import party_rights
from sanxiang.review.choices import PenaltyType

# Penalties after which the party must be told of the right to a hearing (行政处罚法 第六十三条
# 第一款 第三、四项), whatever the amount: one list, in cases.party_rights.
HEARING_PENALTIES = frozenset(party_rights.HEARING_PENALTIES)
# 行政处罚法 第五十七条 第二款: heavy penalties are decided by the heads collectively.
COLLECTIVE_PENALTIES = HEARING_PENALTIES | {PenaltyType.DETENTION}
ZERO = Decimal("0")
