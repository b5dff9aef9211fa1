"""Enumerations of the decisions app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxiang.review.choices import PenaltyType

__all__ = ["DecisionStatus", "ExecutionKind", "PaymentChannel", "PaymentStatus", "PenaltyType"]


class DecisionStatus(models.TextChoices):
    """Where a decision stands; anything but IN_FORCE takes it off the portal (P8)."""

    IN_FORCE = "in_force", _("In force")
    REVOKED = "revoked", _("Revoked")  # 被撤销
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
