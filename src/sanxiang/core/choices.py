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
