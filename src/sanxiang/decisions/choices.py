"""Enumerations of the decisions app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxiang.review.choices import PenaltyType

__all__ = [
    "CORRECTIVE_OUTCOMES",
    "OUTCOME_STATUS",
    "ArrangementKind",
    "DecisionStatus",
    "ExecutionKind",
    "LicensingOutcome",
    "PaymentChannel",
    "PaymentStatus",
    "PenaltyType",
    "RemedyKind",
    "RemedyOutcome",
]


class DecisionStatus(models.TextChoices):
    """Where a decision stands; anything but IN_FORCE takes it off the portal (P8)."""

    IN_FORCE = "in_force", _("In force")
    REVOKED = "revoked", pgettext_lazy("decision status", "Revoked")  # 被撤销
    CONFIRMED_ILLEGAL = "confirmed_illegal", _("Confirmed illegal")  # 被确认违法
    TO_BE_REMADE = "to_be_remade", _("To be made again")  # 责令重新作出
    CHANGED = "changed", _("Changed")  # 被变更
    VOID = "void", _("Confirmed void")  # 被确认无效


class PaymentStatus(models.TextChoices):
    """罚缴分离 (行政处罚法 第六十七条): the bank or the non-tax system reports payments."""

    NOT_APPLICABLE = "na", _("No fine")
    UNPAID = "unpaid", _("Unpaid")
    PART_PAID = "part_paid", _("Partly paid")
    PAID = "paid", _("Paid")


class PaymentChannel(models.TextChoices):
    BANK = "bank", _("Designated bank")  # 指定银行
    NON_TAX = "non_tax", _("Non-tax revenue system")  # 非税收入收缴系统
    ELECTRONIC = "electronic", _("Electronic payment")  # 电子支付


class ExecutionKind(models.TextChoices):
    """How the decision is carried out (执行)."""

    PERFORMED = "performed", _("Performed by the party")  # 自觉履行
    DEFERRED = "deferred", _("Deferred or instalment payment approved")  # 第六十六条
    SURCHARGE = "surcharge", _("Late-payment surcharge imposed")  # 第七十二条 加处罚款
    DEMAND = "demand", _("Formal demand served")  # 催告 (行政强制法 第五十四条)
    COURT = "court", _("Applied to the court for enforcement")  # 申请人民法院强制执行
    OTHER = "other", _("Other")


class ArrangementKind(models.TextChoices):
    """How a fine's payment was rearranged with approval (行政处罚法 第六十六条第二款)."""

    DEFERRAL = "deferral", _("Deferred payment")  # 暂缓缴纳
    INSTALMENTS = "instalments", _("Payment in instalments")  # 分期缴纳


class LicensingOutcome(models.TextChoices):
    """A licensing decision grants or refuses (行政许可法 第三十八条)."""

    GRANTED = "granted", _("Licence granted")  # 准予行政许可
    REFUSED = "refused", _("Licence refused")  # 不予行政许可


class RemedyKind(models.TextChoices):
    """How a party challenged a decision."""

    RECONSIDERATION = "reconsideration", _("Administrative reconsideration")  # 行政复议
    LITIGATION = "litigation", _("Administrative litigation")  # 行政诉讼


class RemedyOutcome(models.TextChoices):
    """How a reconsideration or lawsuit ended (行政复议法 第六十三条起; 行政诉讼法 第六十九条起)."""

    UPHELD = "upheld", _("Upheld, or the claim rejected")  # 维持 / 驳回诉讼请求
    DISMISSED = "dismissed", _("Application or suit dismissed")  # 驳回申请 / 驳回起诉
    WITHDRAWN = "withdrawn", pgettext_lazy("remedy outcome", "Withdrawn")  # 撤回申请 / 撤诉
    SETTLED = "settled", _("Settled by mediation or conciliation")  # 调解 / 和解
    REVOKED = "revoked", pgettext_lazy("remedy outcome", "Revoked")  # 撤销
    CHANGED = "changed", _("Changed")  # 变更
    CONFIRMED_ILLEGAL = "confirmed_illegal", _("Confirmed illegal or void")  # 确认违法 / 无效
    TO_BE_REMADE = "to_be_remade", _("Ordered to act again")  # 责令重新作出


# 纠错: the outcomes that correct the agency (for a lawsuit: 败诉).
CORRECTIVE_OUTCOMES = frozenset(
    {
        RemedyOutcome.REVOKED,
        RemedyOutcome.CHANGED,
        RemedyOutcome.CONFIRMED_ILLEGAL,
        RemedyOutcome.TO_BE_REMADE,
    }
)
# The decision's new standing after a corrective outcome.
OUTCOME_STATUS = {
    RemedyOutcome.REVOKED: DecisionStatus.REVOKED,
    RemedyOutcome.CHANGED: DecisionStatus.CHANGED,
    RemedyOutcome.CONFIRMED_ILLEGAL: DecisionStatus.CONFIRMED_ILLEGAL,
    RemedyOutcome.TO_BE_REMADE: DecisionStatus.TO_BE_REMADE,
}
