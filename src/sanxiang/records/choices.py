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


class AccessAction(models.TextChoices):
    """What a reader did with a case's records (调阅)."""

    VIEW = "view", _("Viewed")
    PLAY = "play", _("Played")
    DOWNLOAD = "download", _("Downloaded")
    EXPORT = "export", _("Exported the case file")
