"""Enumerations of the agencies app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AgencyKind(models.TextChoices):
    STATUTORY = "statutory", _("Statutory agency")  # 法定行政机关
    AUTHORISED = "authorised", _("Authorised organisation")  # 法律法规授权的组织
    ENTRUSTED = "entrusted", _("Entrusted organisation")  # 受委托组织


class OfficerStatus(models.TextChoices):
    ACTIVE = "active", _("On duty")
    SUSPENDED = "suspended", _("Suspended from duty")
    LEFT = "left", _("Left the agency")


class CredentialIssuer(models.TextChoices):
    # 天津市人民政府统一颁发, or 国家部委颁发并经本级司法行政机关备案 (plan 二(一)2(1)).
    MUNICIPAL = "municipal", _("Tianjin Municipal People's Government")
    MINISTRY = "ministry", _("State ministry (filed with the justice bureau)")


class CredentialStatus(models.TextChoices):
    """Administrative status as recorded; expiry is derived from the validity dates."""

    VALID = "valid", _("Valid")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", pgettext_lazy("credential", "Revoked")


class CredentialState(models.TextChoices):
    """The state a credential is in on a given day, as shown to users and citizens."""

    VALID = "valid", _("Valid")
    NOT_YET_VALID = "not_yet_valid", _("Not yet valid")
    EXPIRED = "expired", _("Expired")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", pgettext_lazy("credential", "Revoked")


class TrainingKind(models.TextChoices):
    TRAINING = "training", _("Training")
    ASSESSMENT = "assessment", _("Assessment")


class TrainingResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    ATTENDED = "attended", _("Attended")


class ReviewerKind(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time legal reviewer")
    PART_TIME = "part_time", _("Part-time legal reviewer")
    ENGAGED_LAWYER = "engaged_lawyer", _("Engaged lawyer (legal adviser)")


class PowerCategory(models.TextChoices):
    """The category of a power item (权责清单事项类别)."""

    LICENSING = "licensing", _("Administrative licensing")  # 行政许可
    PENALTY = "penalty", _("Administrative penalty")  # 行政处罚
    COERCION = "coercion", _("Administrative coercion")  # 行政强制
    INSPECTION = "inspection", _("Administrative inspection")  # 行政检查
    EXPROPRIATION = "expropriation", _("Administrative levy and requisition")  # 行政征收征用
    BENEFIT = "benefit", _("Administrative benefit")  # 行政给付
    CONFIRMATION = "confirmation", _("Administrative confirmation")  # 行政确认
    ADJUDICATION = "adjudication", _("Administrative adjudication")  # 行政裁决
    REWARD = "reward", _("Administrative reward")  # 行政奖励
    OTHER = "other", _("Other power")  # 其他


class ChangeKind(models.TextChoices):
    """How a power item was adjusted (权责清单 立改废释)."""

    ESTABLISH = "establish", _("Established")  # 立
    AMEND = "amend", _("Amended")  # 改
    ABOLISH = "abolish", _("Abolished")  # 废
    INTERPRET = "interpret", _("Interpreted")  # 释


# The one character agencies use for each kind of adjustment, in tables and imports.
CHANGE_MARK = {
    ChangeKind.ESTABLISH: "立",
    ChangeKind.AMEND: "改",
    ChangeKind.ABOLISH: "废",
    ChangeKind.INTERPRET: "释",
}


class DiscretionLevel(models.TextChoices):
    """The step of a discretion rule (裁量阶次), from lightest to heaviest."""

    NO_PENALTY = "no_penalty", _("No penalty")  # 不予处罚 (首违不罚, 行政处罚法 第三十三条)
    MITIGATED = "mitigated", _("Mitigated penalty")  # 减轻处罚
    LIGHTER = "lighter", _("Lighter penalty")  # 从轻处罚
    GENERAL = "general", _("General penalty")  # 一般处罚
    HEAVIER = "heavier", _("Heavier penalty")  # 从重处罚


class StageTimeBasis(models.TextChoices):
    """How a stage's time limit is counted."""

    WORKING_DAYS = "working", _("Working days")
    CALENDAR_DAYS = "calendar", _("Calendar days")
