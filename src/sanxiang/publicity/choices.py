"""Enumerations of the publicity app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Awaiting publication")  # 待公示
    PUBLISHED = "published", _("Published")  # 已公示
    WITHDRAWN = "withdrawn", pgettext_lazy("publication status", "Withdrawn")  # 已撤下
    REFUSED = "refused", _("Not to be published")  # 不予公示 (minor, policy)


class PublicCategory(models.TextChoices):
    """What kind of decision a publication is, as the portal filters them."""

    PENALTY = "penalty", _("Administrative penalty")
    LICENSING = "licensing", _("Administrative licensing")
    OTHER = "other", _("Other enforcement decision")


class PartyCategory(models.TextChoices):
    """行政相对人类别 (双公示 cf_xdr_lb / xk_xdr_lb)."""

    ORGANISATION = "organisation", "法人及非法人组织"
    NATURAL_PERSON = "natural_person", "自然人"
    INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"
