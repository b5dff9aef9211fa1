"""Roles of staff users (docs/guide/README.md names what each does)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("Enforcement officer")
    REVIEWER = "reviewer", _("Legal reviewer")
    HEAD = "head", _("Agency head")
    PUBLISHER = "publisher", _("Publisher")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("System administrator")
