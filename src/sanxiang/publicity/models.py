"""Publicity (公示): decision publications with their redaction and withdrawal, the display
policy table, and the codes parties use to look up their case's progress."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.models import Agency
from sanxiang.cases.models import Case
from sanxiang.decisions.models import Decision
from sanxiang.publicity.choices import PartyCategory, PublicationStatus, PublicCategory


def _public_id() -> str:
    return secrets.token_hex(8)


class ProgressCode(models.Model):
    """The look-up code given to a party for a case (办理进度查询码); only its hash is kept."""

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="progress_code"
    )
    code_hash = models.CharField(max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        verbose_name = _("progress look-up code")
        verbose_name_plural = _("progress look-up codes")

    def __str__(self) -> str:
        return str(self.case)


class PublicitySettings(models.Model):
    """An agency's publicity settings (公示设置)."""

    agency = models.OneToOneField(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="publicity"
    )
    mask_party_name = models.BooleanField(
        _("reduce a punished natural person's own name"), default=False,
        help_text=_("张三 → 张某 for the punished party too; other persons' names are always reduced."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("publicity settings")
        verbose_name_plural = _("publicity settings")

    def __str__(self) -> str:
        return str(self.agency)


class DisplayPolicy(models.Model):
    """A rule of the display-period table (公示期限规则); the most specific match applies."""

    name = models.CharField(_("name"), max_length=100)
    basis = models.CharField(_("basis"), max_length=200)
    domain_code = models.CharField(
        _("enforcement domain"), max_length=40, blank=True, help_text=_("Empty: any domain.")
    )
    penalty_type = models.CharField(
        _("penalty type"), max_length=40, blank=True, help_text=_("Empty: any penalty.")
    )
    only_this_penalty = models.BooleanField(
        _("only when it is the sole penalty"), default=False,
        help_text=_("e.g. a warning alone is not published under market regulation."),
    )  # fmt: skip
    fine_at_most = models.DecimalField(
        _("fine at most (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    party_category = models.CharField(
        _("party category"), max_length=30, choices=PartyCategory.choices, blank=True
    )
    min_months = models.PositiveSmallIntegerField(_("minimum display (months)"), default=3)
    max_months = models.PositiveSmallIntegerField(_("maximum display (months)"), default=36)
    early_end_allowed = models.BooleanField(_("early end on credit repair"), default=True)
    do_not_publish = models.BooleanField(_("not published"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("display policy")
        verbose_name_plural = _("display policies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Publication(models.Model):
    """A decision's publication on the portal (执法决定公示): a redacted snapshot."""

    decision = models.OneToOneField(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="publication"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="publications"
    )
    public_id = models.CharField(max_length=16, unique=True, default=_public_id)
    status = models.CharField(
        _("status"), max_length=20, choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT, db_index=True,
    )  # fmt: skip
    category = models.CharField(_("category"), max_length=20, choices=PublicCategory.choices)
    due_on = models.DateField(_("to be published by"))
    # The snapshot: what the portal shows, fixed at publication.
    number = models.CharField(_("document number"), max_length=80)
    party_name = models.CharField(_("party"), max_length=200, blank=True)
    party_category = models.CharField(
        _("party category"), max_length=30, choices=PartyCategory.choices, blank=True
    )
    party_code = models.CharField(_("party's credit code"), max_length=18, blank=True)
    violation = models.CharField(_("type of violation"), max_length=300, blank=True)
    conclusion = models.TextField(_("content of the decision"), blank=True)
    agency_name = models.CharField(_("deciding agency"), max_length=200)
    decided_on = models.DateField(_("decided on"), db_index=True)
    fields = models.JSONField(_("双公示 fields"), default=dict)
    original_text = models.TextField(_("original text"), blank=True)
    redacted_text = models.TextField(_("published text"), blank=True)
    redactions = models.JSONField(_("redactions"), default=list)
    original_hash = models.CharField(max_length=64, blank=True)
    redacted_hash = models.CharField(max_length=64, blank=True)
    search_text = models.TextField(blank=True)
    display_until = models.DateField(_("displayed until"), null=True, blank=True, db_index=True)
    policy = models.JSONField(_("display policy applied"), default=dict)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("redaction approved by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    refusal_reason = models.TextField(_("why it is not published"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("withdrawn by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    withdrawal_due_on = models.DateField(_("to be withdrawn by"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-decided_on", "-pk"]
        # The portal's order: the newest page comes straight off this index (a search for a
        # common word walks it; 1,000 decisions share a date at a million records).
        indexes = [models.Index(fields=["-decided_on", "-id"], name="publication_newest_idx")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("portal:decision", kwargs={"public_id": self.public_id})
