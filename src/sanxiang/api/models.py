"""API tokens of integrating systems and the log of every API call."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanxiang.api.choices import TokenScope


class ApiToken(models.Model):
    """An API token issued to one integrating system (接口令牌); only its hash is stored."""

    name = models.CharField(
        _("system name"), max_length=100, help_text=_("The system that uses this token.")
    )
    scope = models.CharField(_("scope"), max_length=20, choices=TokenScope.choices)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        help_text=_("The agency an agency or supervisor token is bound to."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account for writes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        help_text=_(
            "Writes through this token (e.g. imports) are made as this account, "
            "with its roles. Leave empty for a read-only token."
        ),
    )
    lookup = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    requests_per_minute = models.PositiveIntegerField(
        _("requests per minute"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the installation's default."),
    )
    expires_at = models.DateTimeField(_("expires at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({TokenScope(self.scope).label})"

    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ApiCall(models.Model):
    """One call to the API (接口调用记录): who, what, the answer, when and from where."""

    token = models.ForeignKey(
        ApiToken,
        verbose_name=_("token"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    query = models.CharField(_("query"), max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(_("status"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"


class Delivery(models.Model):
    """One event pushed to the supervision platform (推送记录): queued once, delivered by tick."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    event = models.CharField(_("event"), max_length=40)
    key = models.CharField(_("key"), max_length=80, unique=True)  # event:object id
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.key


class DeliveryAttempt(models.Model):
    """One attempt to deliver (推送日志): the answer's status or the error."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="log"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    replay = models.BooleanField(_("replay"), default=False)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.delivery} {self.status_code or self.error[:40]}"
