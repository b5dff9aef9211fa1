"""Legal review of major decisions (重大执法决定法制审核): catalogue, applicability, reviews."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.choices import PowerCategory
from sanxiang.agencies.models import Agency, LegalReviewer
from sanxiang.cases.choices import Procedure
from sanxiang.cases.models import Case
from sanxiang.review.choices import (
    ChecklistItem,
    ItemResult,
    MaterialKind,
    OpinionKind,
    ReviewStatus,
    Settlement,
)

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class ReviewCatalogue(models.Model):
    """One version of an agency's review catalogue (重大执法决定法制审核事项清单)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    derived_from = models.CharField(
        _("derived from"),
        max_length=200,
        help_text=_("The superior's catalogue this one follows, with its document number."),
    )
    effective_from = models.DateField(_("in force from"))
    source_name = models.CharField(_("imported file"), max_length=200, blank=True)
    source_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    imported_at = models.DateTimeField(_("imported at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("review catalogue")
        verbose_name_plural = _("review catalogues")
        ordering = ["agency", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "version"], name="review_catalogue_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("workbench:review-catalogue", kwargs={"catalogue_id": self.pk})


class CatalogueMatter(models.Model):
    """A matter in the catalogue with its conditions; a case matching all of them needs review."""

    catalogue = models.ForeignKey(ReviewCatalogue, on_delete=models.PROTECT, related_name="matters")
    order = models.PositiveIntegerField(_("no."))
    name = models.CharField(_("matter"), max_length=200)
    category = models.CharField(
        _("category"), max_length=20, choices=PowerCategory.choices, blank=True
    )
    power_item_code = models.CharField(_("power item code"), max_length=40, blank=True)
    procedure = models.CharField(
        _("procedure"), max_length=20, choices=Procedure.choices, blank=True
    )
    min_amount = models.DecimalField(
        _("amount at stake from (yuan)"), null=True, blank=True, **MONEY
    )
    conditions = models.TextField(_("conditions"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)

    class Meta:
        verbose_name = _("catalogue matter")
        verbose_name_plural = _("catalogue matters")
        ordering = ["catalogue", "order"]

    def __str__(self) -> str:
        return self.name


class Applicability(models.Model):
    """Whether a case needs legal review, decided by the rules, with the reasons (适用性认定)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="review_applicability")
    required = models.BooleanField(_("review required"))
    reasons = models.JSONField(_("reasons"), default=list)
    answers = models.JSONField(_("answers to the criteria"), default=dict)
    amount_involved = models.DecimalField(
        _("amount at stake (yuan)"), null=True, blank=True, **MONEY
    )
    catalogue = models.ForeignKey(
        ReviewCatalogue, verbose_name=_("catalogue version"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    assessed_at = models.DateTimeField(_("assessed at"))

    class Meta:
        verbose_name = _("review applicability")
        verbose_name_plural = _("review applicability")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.required}"


class Review(models.Model):
    """One submission of a case for legal review (送审), its version and where it stands."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews")
    version = models.PositiveIntegerField(_("version"))
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PENDING,
        db_index=True,
    )  # fmt: skip
    proposed_decision = models.TextField(_("proposed decision"))
    proposed_penalties = models.JSONField(_("proposed penalty types"), default=list)
    proposed_fine = models.DecimalField(_("proposed fine (yuan)"), null=True, blank=True, **MONEY)
    proposed_confiscation = models.DecimalField(
        _("proposed confiscation (yuan)"), null=True, blank=True, **MONEY
    )
    circumstances = models.TextField(_("circumstances found"), blank=True)
    discretion_level = models.CharField(
        _("discretion step applied"), max_length=20, blank=True,
        help_text=_("The step of the agency's discretion benchmark (裁量基准) applied."),
    )  # fmt: skip
    discretion_reasoning = models.TextField(_("discretion reasoning"), blank=True)
    revision_note = models.TextField(_("what was revised"), blank=True)
    responsibility_confirmed = models.BooleanField(
        _("the handling unit answers for the materials"), default=False
    )
    reviewer = models.ForeignKey(
        LegalReviewer, verbose_name=_("assigned reviewer"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="reviews",
    )  # fmt: skip
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted at"))
    accepted_on = models.DateField(_("materials complete on"))
    due_on = models.DateField(_("review due on"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("legal review")
        verbose_name_plural = _("legal reviews")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="review_case_version"),
            # 实施方案 二(三)2(3): the handling unit answers for the materials it submits.
            models.CheckConstraint(
                condition=Q(responsibility_confirmed=True), name="review_responsibility_confirmed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} #{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("workbench:review", kwargs={"review_id": self.pk})

    @property
    def clears_decision(self) -> bool:
        return self.status in (ReviewStatus.PASSED, ReviewStatus.SETTLED_PASS)


class ReviewMaterial(models.Model):
    """A material submitted for review (送审材料)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="materials")
    kind = models.CharField(_("kind"), max_length=30, choices=MaterialKind.choices)
    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(
        _("reference"), max_length=200, blank=True,
        help_text=_("Document number, file page or where the reviewer finds it."),
    )  # fmt: skip
    content = models.TextField(_("content or summary"), blank=True)
    file = models.FileField(_("file"), upload_to="review-materials/%Y/%m/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("review material")
        verbose_name_plural = _("review materials")
        ordering = ["review", "pk"]

    def __str__(self) -> str:
        return self.title


class ChecklistEntry(models.Model):
    """One item of the statutory checklist for a review: pre-filled findings and the mark."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="checklist")
    item = models.CharField(_("item"), max_length=20, choices=ChecklistItem.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    prefill = models.CharField(
        _("platform's finding"), max_length=10, choices=ItemResult.choices, blank=True
    )
    findings = models.JSONField(_("what the platform found"), default=list)
    result = models.CharField(_("result"), max_length=10, choices=ItemResult.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["review", "order"]
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="checklist_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.review_id} {self.item}"


class Opinion(models.Model):
    """A review opinion (法制审核意见), with its reasons where the law needs them."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="opinions")
    kind = models.CharField(_("opinion"), max_length=20, choices=OpinionKind.choices)
    text = models.TextField(_("reasons, changes or materials needed"), blank=True)
    reviewer = models.ForeignKey(
        LegalReviewer, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="+"
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("given by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    given_at = models.DateTimeField(_("given at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("review opinion")
        verbose_name_plural = _("review opinions")
        ordering = ["review", "given_at", "pk"]

    def __str__(self) -> str:
        return f"{self.review_id} {self.kind}"


class ReviewExtension(models.Model):
    """An extension of the review time limit, with its reason (延长审核期限)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("working days added"))
    reason = models.TextField(_("reason"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved at"))

    class Meta:
        verbose_name = _("review extension")
        verbose_name_plural = _("review extensions")
        ordering = ["review", "approved_at"]

    def __str__(self) -> str:
        return f"{self.review_id} +{self.days}"


class Disagreement(models.Model):
    """The handling unit's disagreement with an opinion, its consultation and settlement."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="disagreements")
    opinion = models.ForeignKey(Opinion, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField(_("reasons"))
    legal_basis = models.TextField(_("legal basis"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("raised by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    raised_at = models.DateTimeField(_("raised at"))
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent to the head by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    escalated_at = models.DateTimeField(_("sent to the head at"), null=True, blank=True)
    settlement = models.CharField(
        _("settlement"), max_length=20, choices=Settlement.choices, blank=True
    )
    settlement_reasons = models.TextField(_("reasons for the settlement"), blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("settled by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("disagreement")
        verbose_name_plural = _("disagreements")
        ordering = ["review", "raised_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(settlement="") | ~Q(settlement_reasons=""),
                name="disagreement_settled_with_reasons",
            )
        ]

    def __str__(self) -> str:
        return f"{self.review_id}"


class Consultation(models.Model):
    """A record of consultation between the handling unit and the reviewers (协商沟通)."""

    disagreement = models.ForeignKey(
        Disagreement, on_delete=models.PROTECT, related_name="consultations"
    )
    note = models.TextField(_("what was discussed"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["disagreement", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.disagreement_id} {self.at:%Y-%m-%d}"
