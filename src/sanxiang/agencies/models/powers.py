"""The power list (权责清单): each item's versions and its discretion rules (裁量基准)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.choices import ChangeKind, DiscretionLevel, PowerCategory


class PowerItemVersion(models.Model):
    """One version of a power item's content (权责清单事项版本), made by 立/改/废/释."""

    item = models.ForeignKey(
        "agencies.PowerItem",
        verbose_name=_("power item"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    change_kind = models.CharField(_("adjustment"), max_length=20, choices=ChangeKind.choices)
    reason = models.TextField(_("reason for the adjustment"))
    effective_on = models.DateField(_("effective from"))
    approver = models.CharField(
        _("approved by"),
        max_length=200,
        help_text=_("The person or meeting that approved the adjustment, with its document."),
    )
    code = models.CharField(_("item code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=PowerCategory.choices)
    domain = models.ForeignKey(
        "agencies.EnforcementDomain",
        verbose_name=_("enforcement domain"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_basis = models.TextField(
        _("legal basis"),
        help_text=_("One article per line, e.g. 《城市市容和环境卫生管理条例》第三十六条."),
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=200)
    procedure = models.TextField(_("procedure"), blank=True)
    time_limit = models.CharField(_("time limit"), max_length=200, blank=True)
    remedy = models.TextField(_("remedies"), blank=True)
    recorded_by = models.ForeignKey(
        "agencies.User",
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("power item version")
        verbose_name_plural = _("power item versions")
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="power_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "portal:power-item", kwargs={"agency_code": self.item.agency.code, "code": self.code}
        )

    @property
    def is_penalty(self) -> bool:
        return self.category == PowerCategory.PENALTY


class DiscretionRule(models.Model):
    """A step of a penalty item's discretion standard (行政处罚裁量基准), per version."""

    version = models.ForeignKey(
        PowerItemVersion,
        verbose_name=_("power item version"),
        on_delete=models.PROTECT,
        related_name="discretion_rules",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    level = models.CharField(_("discretion step"), max_length=20, choices=DiscretionLevel.choices)
    circumstances = models.TextField(_("circumstances"))
    fine_min = models.DecimalField(
        _("lowest fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_max = models.DecimalField(
        _("highest fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    other_penalty = models.CharField(_("other penalty"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("discretion rule")
        verbose_name_plural = _("discretion rules")
        ordering = ["version", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fine_min__isnull=True)
                | Q(fine_max__isnull=True)
                | Q(fine_min__lte=models.F("fine_max")),
                name="discretion_fine_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.circumstances[:30]}"

    def penalty_text(self) -> str:
        """The penalty in words, e.g. "罚款¥500.00至¥2,000.00"."""
        from sanxiang.agencies.powerlist import penalty_text

        return penalty_text(self.fine_min, self.fine_max, self.other_penalty)
