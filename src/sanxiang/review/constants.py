"""Limits of the review app, each with where it comes from."""

from decimal import Decimal

from sanxiang.review.choices import PenaltyType

# Penalties after which the party must be told of the right to a hearing (行政处罚法 第六十三条
# 第一款 第二至五项), whatever the amount.
HEARING_PENALTIES = frozenset(
    {
        PenaltyType.DOWNGRADE,
        PenaltyType.REVOKE_LICENCE,
        PenaltyType.SUSPEND_BUSINESS,
        PenaltyType.CLOSE,
        PenaltyType.BAR_PRACTICE,
        PenaltyType.RESTRICT_BUSINESS,
    }
)
# 行政处罚法 第五十七条 第二款: heavy penalties are decided by the heads collectively.
COLLECTIVE_PENALTIES = HEARING_PENALTIES | {PenaltyType.DETENTION}
ZERO = Decimal("0")
