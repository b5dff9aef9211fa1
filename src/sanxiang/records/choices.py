"""Enumerations of the records app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Requirement(models.TextChoices):
    """How strictly an act must be recorded on audio/video (R2)."""

    MANDATORY = "mandatory", _("Full recording required")  # 全过程音像记录
    RECOMMENDED = "recommended", _("Recording recommended")  # 根据实际情况进行音像记录


class UploadState(models.TextChoices):
    OPEN = "open", _("Uploading")
    COMPLETE = "complete", _("Complete")
