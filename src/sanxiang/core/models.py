"""Core models: the State Council holiday notices behind the working-day calendar, and the
security events (audit) with their digests."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxiang.core.choices import DayKind, Festival, SecurityEventKind

# 国办发明电〔2024〕12号: issuer code, year in 〔〕 brackets, serial number.
DOCUMENT_NUMBER = re.compile(r"^\S+〔\d{4}〕\d+号$")
FIRST_YEAR, LAST_YEAR = 2000, 2100


class HolidayNotice(models.Model):
    """A State Council General Office notice on holiday arrangements (国务院办公厅部分节假日安排通知)."""

    document_number = models.CharField(
        _("document number"),
        max_length=40,
        unique=True,
        help_text=_("As printed on the notice, e.g. 国办发明电〔2025〕7号."),
    )
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year arranged"), db_index=True)
    issued_on = models.DateField(_("date of issue"))
    published_on = models.DateField(
        _("date of publication"),
        help_text=_("Where two notices set the same day, the later publication wins."),
    )
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
        help_text=_(
            "For a notice that changes an earlier one, e.g. 2020's Spring Festival extension."
        ),
    )
    url = models.URLField(_("source address"), blank=True)

    class Meta:
        verbose_name = _("holiday notice")
        verbose_name_plural = _("holiday notices")
        ordering = ["-year", "published_on", "id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.document_number}）"

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.document_number and not DOCUMENT_NUMBER.match(self.document_number.strip()):
            errors["document_number"] = ValidationError(
                _(
                    "Write the document number as printed, with the 〔〕 brackets: 国办发明电〔2025〕7号."
                ),
                code="document_number",
            )
        if self.year is not None and not FIRST_YEAR <= self.year <= LAST_YEAR:
            errors["year"] = ValidationError(
                _("Enter a year between %(first)d and %(last)d."),
                code="year",
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        if self.issued_on and self.published_on and self.published_on < self.issued_on:
            errors["published_on"] = ValidationError(
                _("A notice cannot be published before it is issued."), code="published_on"
            )
        if self.amends_id is not None:
            errors.update(self._amendment_errors())
        if errors:
            raise ValidationError(errors)

    def _amendment_errors(self) -> dict[str, ValidationError]:
        amended = self.amends
        if amended is None:
            return {}
        if amended.pk == self.pk or amended.amends_id is not None:
            message = _("Choose the original notice of the year, not an amendment or this notice.")
        elif amended.year != self.year:
            message = _("An amending notice must be for the same year as the notice it amends.")
        elif self.published_on and self.published_on <= amended.published_on:
            message = _("An amending notice must be published after the notice it amends.")
        else:
            return {}
        return {"amends": ValidationError(message, code="amends")}


class CalendarDay(models.Model):
    """One day a notice sets: a day off (放假) or a make-up working day (调休上班)."""

    notice = models.ForeignKey(
        HolidayNotice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=8, choices=DayKind.choices)
    festival = models.CharField(_("holiday"), max_length=20, choices=Festival.choices)

    class Meta:
        verbose_name = _("holiday or make-up day")
        verbose_name_plural = _("holidays and make-up days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "date"], name="core_calendarday_once"),
        ]
        indexes = [models.Index(fields=["date"], name="core_calendarday_date")]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_festival_display()} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.date is None:
            return
        if self.kind == DayKind.WORK and self.date.weekday() < 5:
            raise ValidationError(
                {
                    "date": _(
                        "A make-up working day is a Saturday or Sunday; this date is a weekday."
                    )
                },
                code="work_on_weekday",
            )
        try:
            notice: HolidayNotice | None = self.notice
        except HolidayNotice.DoesNotExist:  # an inline row checked before its notice is saved
            notice = None
        if notice is not None and notice.year and not _near_year(self.date, notice.year):
            raise ValidationError(
                {
                    "date": _(
                        "The date must lie in %(year)d, or in the December before or the January after."
                    )
                    % {"year": notice.year}
                },
                code="date_outside_year",
            )


def _near_year(date: dt.date, year: int) -> bool:
    # A notice may reach into the adjacent year: 国办发明电〔2018〕15号 (for 2019) set
    # 2018-12-29 as a working day and 2018-12-30/31 as days off.
    return (
        date.year == year
        or (date.year == year - 1 and date.month == 12)
        or (date.year == year + 1 and date.month == 1)
    )


class SecurityEvent(models.Model):
    """A security event (安全审计记录): a sign-in, a refusal, an export, a key change.

    Append-only (database triggers, ``core.audit``) and digested into the ledger by the
    ``security-digest`` tick job. Users are kept as plain id and name, as in the ledger: an
    event outlives the account, and a failed sign-in may name a user who does not exist.
    """

    at = models.DateTimeField(_("time"), db_index=True)
    # Not a choices field: a new kind (SecurityEventKind) needs no migration.
    kind = models.CharField(_("event"), max_length=32, db_index=True)
    user_id = models.BigIntegerField(_("user id"), null=True, blank=True, db_index=True)
    username = models.CharField(_("user name"), max_length=150, blank=True, db_index=True)
    agency_id = models.BigIntegerField(_("agency id"), null=True, blank=True, db_index=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    path = models.CharField(_("page"), max_length=500, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-id"]
        indexes = [models.Index(fields=["kind", "at"], name="core_secevent_kind_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind_label} {self.username}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise SecurityEventImmutable("security events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise SecurityEventImmutable("security events are append-only")

    @property
    def kind_label(self) -> str:
        labels = dict(SecurityEventKind.choices)
        return str(labels.get(self.kind, self.kind))


class SecurityEventImmutable(Exception):
    """Raised on an attempt to change or delete a security event through the ORM."""


class SecurityDigest(models.Model):
    """One batch of security events digested into the ledger (a link of the hash chain)."""

    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField(unique=True)
    count = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    ledger_seq = models.BigIntegerField()
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("security event digest")
        verbose_name_plural = _("security event digests")
        ordering = ["last_id"]

    def __str__(self) -> str:
        return f"{self.first_id}–{self.last_id} ({self.count})"


class RateLimitCount(models.Model):
    """Attempts counted for one key in one fixed window (``sanxiang.core.ratelimit``)."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    window_start = models.BigIntegerField()  # Unix seconds
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"], name="core_ratelimit_one_row_per_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="core_ratelimit_window_idx")]
        verbose_name = _("rate-limit count")
        verbose_name_plural = _("rate-limit counts")

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}@{self.window_start}={self.count}"
