"""Enumerations of core: the kinds of day a holiday notice sets, and period units."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    """What a State Council notice makes of a day."""

    REST = "rest", _("Day off")  # 放假
    WORK = "work", _("Make-up working day")  # 调休上班


class Festival(models.TextChoices):
    """The holiday a notice's day belongs to (全国年节及纪念日放假办法 第二条)."""

    NEW_YEAR = "new_year", _("New Year's Day")
    SPRING_FESTIVAL = "spring_festival", _("Spring Festival")
    QINGMING = "qingming", _("Qingming Festival")
    LABOUR_DAY = "labour_day", _("Labour Day")
    DRAGON_BOAT = "dragon_boat", _("Dragon Boat Festival")
    MID_AUTUMN = "mid_autumn", _("Mid-Autumn Festival")
    NATIONAL_DAY = "national_day", _("National Day")
    # e.g. 2015's 抗战胜利70周年纪念日: notices sometimes add a one-off day.
    SPECIAL = "special", _("Special day off")


class PeriodUnit(models.TextChoices):
    """The unit a statutory period is counted in."""

    WORKING_DAYS = "working_days", _("working days")
    DAYS = "days", _("days")
    MONTHS = "months", _("months")


class SecurityEventKind(models.TextChoices):
    """What a security event (安全事件) records (等保 2.0 安全审计; ASVS V7)."""

    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Sign-in failed")
    LOCKED_OUT = "locked_out", _("Account locked after failed sign-ins")
    LOGOUT = "logout", _("Signed out")
    TWO_FACTOR_FAILED = "2fa_failed", _("Wrong one-time code")
    TWO_FACTOR_ENROLLED = "2fa_enrolled", _("Authenticator set up")
    TWO_FACTOR_REMOVED = "2fa_removed", _("Authenticator removed")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PERMISSION_DENIED = "permission_denied", _("Access refused")
    EXPORT = "export", _("Bulk data exported")
    KEY_CHANGED = "key_changed", _("Key changed")
    REAUTH = "reauth", _("Identity confirmed again")
    REAUTH_FAILED = "reauth_failed", _("Identity confirmation failed")
