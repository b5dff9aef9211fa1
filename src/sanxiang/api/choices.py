"""Enumerations of the api app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    """What a token may read: public data only, one agency, or a supervisor's agencies."""

    PUBLIC = "public", _("Public read")
    AGENCY = "agency", _("One agency")
    SUPERVISOR = "supervisor", _("Supervisor")
