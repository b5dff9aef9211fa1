"""Warnings (预警) raised by `sanxiang tick`, and the trail of how each was handled (督办)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.models import Agency
from sanxiang.supervision.choices import EventKind, WarningKind, WarningLevel, WarningStatus


class Warning(models.Model):
    """An early warning (预警) about one condition in one agency, e.g. an overdue case."""

    key = models.CharField(max_length=200, unique=True)  # kind and subject: one warning each
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="warnings"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=WarningKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=WarningLevel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=WarningStatus.choices, default=WarningStatus.OPEN
    )
    title = models.CharField(_("title"), max_length=300)
    details = models.TextField(_("details"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    is_active = models.BooleanField(_("condition holds"), default=True)
    first_raised_at = models.DateTimeField(_("first raised at"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        ordering = ["-level", "due_on", "-first_raised_at"]
        indexes = [models.Index(fields=["agency", "status", "level"], name="warning_scope")]

    def __str__(self) -> str:
        return self.title


class WarningEvent(models.Model):
    """One step in a warning's trail (督办记录): raised, urged, acknowledged, resolved…"""

    warning = models.ForeignKey(
        Warning, verbose_name=_("warning"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("warning event")
        verbose_name_plural = _("warning events")
        ordering = ["warning", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.warning} {self.get_kind_display()}"


class DigestSent(models.Model):
    """The day a user's daily warning digest went out (so `tick` sends it once a day)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"
