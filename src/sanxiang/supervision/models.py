"""Supervision records: warnings (预警) with their trail (督办), and case-file evaluation
(案卷评查) with templates, rounds, sampled cases and item scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.models import Agency
from sanxiang.supervision.choices import (
    AutoCheck,
    EvaluationBlock,
    EvaluationStatus,
    EventKind,
    Grade,
    OverrideKind,
    ReportStatus,
    RoundStatus,
    WarningKind,
    WarningLevel,
    WarningStatus,
)


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


class EvaluationTemplate(models.Model):
    """A case-file evaluation standard (案卷评查标准): veto items plus items worth 100 points."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    owner = models.ForeignKey(
        Agency, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation template")
        verbose_name_plural = _("evaluation templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EvaluationItem(models.Model):
    """One line of an evaluation template: what is checked, and its points or veto."""

    template = models.ForeignKey(
        EvaluationTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    block = models.CharField(_("block"), max_length=20, choices=EvaluationBlock.choices)
    text = models.CharField(_("what is checked"), max_length=300)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1, default=0)
    auto_check = models.CharField(
        _("automatic check"), max_length=30, choices=AutoCheck.choices, blank=True, default=""
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("evaluation item")
        verbose_name_plural = _("evaluation items")
        ordering = ["template", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_veto(self) -> bool:
        return self.block == EvaluationBlock.VETO


class EvaluationRound(models.Model):
    """An evaluation round (评查活动): a template, a period, agencies, and a drawn sample."""

    name = models.CharField(_("name"), max_length=200)
    organiser = models.ForeignKey(
        Agency, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    template = models.ForeignKey(
        EvaluationTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="+"
    )
    agencies = models.ManyToManyField(
        Agency, verbose_name=_("agencies evaluated"), related_name="+"
    )
    closed_from = models.DateField(_("cases closed from"))
    closed_to = models.DateField(_("cases closed to"))
    sample_size = models.PositiveIntegerField(_("cases per agency"))
    seed = models.CharField(_("sampling seed"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class CaseEvaluation(models.Model):
    """The evaluation of one sampled case file: its scores, grade and rectification."""

    round = models.ForeignKey(
        EvaluationRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluator"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=EvaluationStatus.choices,
        default=EvaluationStatus.PENDING,
    )  # fmt: skip
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, blank=True)
    vetoed = models.BooleanField(_("failed a veto item"), default=False)
    comment = models.TextField(_("overall comment"), blank=True)
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)
    rectification = models.TextField(_("rectification report"), blank=True)
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case-file evaluation")
        verbose_name_plural = _("case-file evaluations")
        ordering = ["round", "case__agency__name", "case__number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "case"], name="evaluation_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.case}"


class ItemScore(models.Model):
    """The score of one template item for one case file, pre-filled or the evaluator's."""

    evaluation = models.ForeignKey(
        CaseEvaluation,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    item = models.ForeignKey(
        EvaluationItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    deducted = models.DecimalField(_("points deducted"), max_digits=5, decimal_places=1, default=0)
    failed = models.BooleanField(_("failed (veto items)"), default=False)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    automatic = models.BooleanField(_("pre-filled from the record"), default=False)

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["evaluation", "item__order", "item__pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "item"], name="item_scored_once")
        ]

    def __str__(self) -> str:
        return f"{self.item}: -{self.deducted}"


class ReportSchedule(models.Model):
    """An agency's due date for its annual report (年报报送期限), if not the installation's."""

    agency = models.OneToOneField(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="report_schedule"
    )
    due_month = models.PositiveSmallIntegerField(_("due month"))
    due_day = models.PositiveSmallIntegerField(_("due day"))

    class Meta:
        verbose_name = _("annual report due date")
        verbose_name_plural = _("annual report due dates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_month__gte=1, due_month__lte=12)
                & models.Q(due_day__gte=1, due_day__lte=31),
                name="report_schedule_valid_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.due_month:02d}-{self.due_day:02d}"


class AnnualReport(models.Model):
    """An agency's annual enforcement statistics report (行政执法统计年报) for one year."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    figures = models.JSONField(_("figures"), default=dict)  # computed; frozen once published
    manual = models.JSONField(_("manual figures"), default=dict)  # key → {"value", "note"}
    narrative = models.TextField(_("general account (总体情况说明)"), blank=True)
    generated_at = models.DateTimeField(_("generated at"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("generated by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="annual_report_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED


class ReportOverride(models.Model):
    """A change made to a published report, with its reason (年报更正记录)."""

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("report"), on_delete=models.PROTECT, related_name="overrides"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OverrideKind.choices)
    reason = models.TextField(_("reason"))
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("report override")
        verbose_name_plural = _("report overrides")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} {self.kind}"


class CaseMonth(models.Model):
    """The dashboards' monthly summary: per agency, month and category (docs/benchmarks.md).

    Filled by ``summary.refresh`` (``sanxiang tick``) for the whole months before the
    refresh; the dashboards read later months live (``SummaryState.complete_before``).
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))  # its first day
    category = models.CharField(_("category"), max_length=20)
    filed = models.PositiveIntegerField(_("cases filed"), default=0)
    decided_in_time = models.PositiveIntegerField(_("decided within 90 days"), default=0)
    decided_late = models.PositiveIntegerField(_("decided later"), default=0)
    fines = models.DecimalField(_("fines (yuan)"), max_digits=18, decimal_places=2, default=0)
    confiscations = models.DecimalField(
        _("confiscations (yuan)"), max_digits=18, decimal_places=2, default=0
    )
    licences_granted = models.PositiveIntegerField(_("licences granted"), default=0)
    licences_refused = models.PositiveIntegerField(_("licences refused"), default=0)

    class Meta:
        verbose_name = _("monthly case figures")
        verbose_name_plural = _("monthly case figures")
        constraints = [
            models.UniqueConstraint(fields=["agency", "month", "category"], name="case_month_once")
        ]
        indexes = [models.Index(fields=["month", "agency"], name="case_month_month")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.month:%Y-%m} {self.category}"


class SummaryState(models.Model):
    """One row: up to which month ``CaseMonth`` is complete, and when it was refreshed."""

    complete_before = models.DateField(_("complete before"))
    refreshed_at = models.DateTimeField(_("refreshed at"))
    seconds = models.FloatField(_("time taken (s)"), default=0)

    class Meta:
        verbose_name = _("summary state")
        verbose_name_plural = _("summary states")

    def __str__(self) -> str:
        return f"< {self.complete_before}"
