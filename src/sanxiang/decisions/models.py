"""Decisions (执法决定): made behind the review gate, served, executed, their fines paid."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.models import Agency
from sanxiang.cases.choices import Mitigation, ServiceMethod
from sanxiang.cases.models import Case
from sanxiang.decisions.choices import (
    ArrangementKind,
    DecisionStatus,
    ExecutionKind,
    LicensingOutcome,
    PaymentChannel,
    PaymentStatus,
    RemedyKind,
    RemedyOutcome,
)
from sanxiang.records.models import Document
from sanxiang.review.choices import PenaltyType
from sanxiang.review.models import Review

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class DecisionNumberSequence(models.Model):
    """The last decision number serial per agency and year."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    last_serial = models.PositiveIntegerField(_("last serial"), default=0)

    class Meta:
        verbose_name = _("decision number sequence")
        verbose_name_plural = _("decision number sequences")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="decision_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last_serial}"


class Decision(models.Model):
    """An enforcement decision (执法决定; 行政处罚决定书) with its content and amounts."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.CharField(_("document number"), max_length=80, unique=True)  # 文号
    category = models.CharField(_("category"), max_length=20)
    facts = models.TextField(_("facts of the violation"))
    content = models.TextField(_("content of the decision"))
    penalty_types = models.JSONField(_("penalty types"), default=list)
    fine_amount = models.DecimalField(_("fine (yuan)"), null=True, blank=True, **MONEY)
    confiscation_amount = models.DecimalField(
        _("confiscation (yuan)"), null=True, blank=True, **MONEY
    )
    legal_basis = models.TextField(_("legal basis"))
    discretion_reasoning = models.TextField(_("discretion applied"), blank=True)
    # 行政处罚法 第三十条/第三十一条: a minor of 14 to 18 is punished lighter or reduced.
    mitigation = models.CharField(
        _("mitigation of the penalty"),
        max_length=10,
        choices=Mitigation.choices,
        blank=True,
        default="",
    )
    mitigation_reasoning = models.TextField(_("reasons for the mitigation"), blank=True)
    collective_discussion = models.TextField(
        _("collective discussion record"), blank=True,
        help_text=_("行政处罚法 第五十七条 第二款: complex or serious cases are discussed by the heads."),
    )  # fmt: skip
    decided_on = models.DateField(_("decided on"), db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    review_required = models.BooleanField(_("legal review required"))
    review = models.ForeignKey(
        Review, verbose_name=_("passing review"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="decisions",
    )  # fmt: skip
    replaces = models.ForeignKey(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="replaced_by",
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices,
        default=DecisionStatus.IN_FORCE, db_index=True,
    )  # fmt: skip
    payment_status = models.CharField(
        _("fine payment"), max_length=20, choices=PaymentStatus.choices,
        default=PaymentStatus.NOT_APPLICABLE,
    )  # fmt: skip
    licensing_outcome = models.CharField(
        _("licensing outcome"), max_length=10, choices=LicensingOutcome.choices, blank=True,
        default="", help_text=_("Licensing decisions only: granted or refused."),
    )  # fmt: skip
    document = models.ForeignKey(
        Document, verbose_name=_("decision document"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-pk"]
        # The dashboards read the current month from this index alone (docs/benchmarks.md).
        indexes = [
            models.Index(
                fields=["decided_on", "agency", "category", "licensing_outcome", "fine_amount",
                        "confiscation_amount"],
                name="decision_by_month",
            )
        ]  # fmt: skip
        constraints = [
            # The review gate in the database (行政处罚法 第五十八条): where review is required,
            # a decision row cannot exist without the review that cleared it.
            models.CheckConstraint(
                condition=Q(review_required=False) | Q(review__isnull=False),
                name="decision_needs_its_review",
            ),
            models.CheckConstraint(
                condition=(Q(fine_amount__isnull=True) | Q(fine_amount__gt=0))
                & (Q(confiscation_amount__isnull=True) | Q(confiscation_amount__gte=0)),
                name="decision_amounts_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("workbench:decision", kwargs={"decision_id": self.pk})

    @property
    def penalty_labels(self) -> list[str]:
        """The penalty types in words (罚款、警告…), never their stored keys."""
        labels = dict(PenaltyType.choices)
        return [str(labels.get(key, key)) for key in self.penalty_types or []]

    @property
    def in_force(self) -> bool:
        return self.status == DecisionStatus.IN_FORCE

    def paid_total(self) -> Decimal:
        return sum((p.amount for p in self.payments.all()), Decimal("0"))


class DecisionService(models.Model):
    """Service of the decision on the party (送达; 行政处罚法 第六十一条)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="services")
    method = models.CharField(_("service method"), max_length=20, choices=ServiceMethod.choices)
    served_on = models.DateField(
        _("served on"),
        help_text=_("The day signed for; by post, the day on the return receipt; by public "
                    "notice, the day the notice was published."),
    )  # fmt: skip
    # 民事诉讼法 第八十七条至第九十五条: the day the decision counts as received; for public
    # notice 30 days after publication. Every later period (payment, remedies) runs from it.
    deemed_served_on = models.DateField(_("deemed served on"))
    recipient = models.CharField(_("received by"), max_length=100)
    note = models.TextField(
        _("note"), blank=True,
        help_text=_("For electronic service, the party's written consent; for leaving or public "
                    "notice, the witnesses or the notice."),
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"))
    receipt = models.ForeignKey(
        Document, verbose_name=_("proof of service"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("service of a decision")
        verbose_name_plural = _("services of decisions")
        ordering = ["decision", "served_on", "pk"]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.served_on}"


class PaymentArrangement(models.Model):
    """A deferral or instalments of a fine approved by the head (暂缓、分期缴纳; 第六十六条)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="arrangements")
    kind = models.CharField(_("kind"), max_length=20, choices=ArrangementKind.choices)
    reason = models.TextField(_("the party's application and reason"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    approved_on = models.DateField(_("approved on"))
    approved_at = models.DateTimeField(_("recorded at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("deferral or instalments of a fine")
        verbose_name_plural = _("deferrals and instalments of fines")
        ordering = ["decision", "approved_at", "pk"]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.kind} {self.approved_on}"


class Instalment(models.Model):
    """One date by which an amount of the fine is due under an approved arrangement."""

    arrangement = models.ForeignKey(
        PaymentArrangement, on_delete=models.PROTECT, related_name="instalments"
    )
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["arrangement", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="instalment_positive")
        ]

    def __str__(self) -> str:
        return f"{self.due_on} {self.amount}"


class FinePayment(models.Model):
    """A fine payment reported by the bank or the non-tax system (罚缴分离; plan I5).

    Payments go to the treasury through the collecting bank; there is deliberately no field
    for a department: fines are never credited to one (实施方案 三(四)).
    """

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    channel = models.CharField(_("reported by"), max_length=20, choices=PaymentChannel.choices)
    receipt_number = models.CharField(_("payment voucher number"), max_length=60, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("fine payment")
        verbose_name_plural = _("fine payments")
        ordering = ["decision", "paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fine_payment_positive")
        ]

    def __str__(self) -> str:
        return self.receipt_number


class ExecutionRecord(models.Model):
    """A step in carrying out the decision (执行)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="executions")
    kind = models.CharField(_("kind"), max_length=20, choices=ExecutionKind.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("execution record")
        verbose_name_plural = _("execution records")
        ordering = ["decision", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.kind}"


class DecisionChange(models.Model):
    """A later change of the decision's standing: revoked, confirmed illegal, to be remade."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="changes")
    status = models.CharField(_("new status"), max_length=20, choices=DecisionStatus.choices)
    reason = models.TextField(_("reason"))
    basis = models.CharField(
        _("by"), max_length=200,
        help_text=_("The reconsideration decision, judgment or the agency's own decision."),
    )  # fmt: skip
    on = models.DateField(_("effective on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("change of a decision")
        verbose_name_plural = _("changes of decisions")
        ordering = ["decision", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.status}"


class Remedy(models.Model):
    """A reconsideration (行政复议) or lawsuit (行政诉讼) against a decision, and its outcome."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="remedies")
    kind = models.CharField(_("kind"), max_length=20, choices=RemedyKind.choices)
    filed_on = models.DateField(_("applied or filed on"))
    body = models.CharField(
        _("reconsideration body or court"), max_length=200,
        help_text=_("e.g. 东丽区人民政府, 东丽区人民法院."),
    )  # fmt: skip
    reference = models.CharField(_("case number"), max_length=100, blank=True)  # 案号
    # 行政复议法 第四十八条 / 行政诉讼法 第六十七条: the answer is due from the copy's receipt.
    copy_received_on = models.DateField(
        _("copy of the application or complaint received on"), null=True, blank=True
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=RemedyOutcome.choices, blank=True, default=""
    )
    outcome_on = models.DateField(_("decided or judged on"), null=True, blank=True)
    outcome_note = models.TextField(_("decision or judgment"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("outcome recorded by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    outcome_recorded_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)
    outcome_ledger_seq = models.BigIntegerField(_("outcome ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("reconsideration or lawsuit")
        verbose_name_plural = _("reconsiderations and lawsuits")
        ordering = ["decision", "filed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(outcome_on__isnull=True))
                | (~Q(outcome="") & Q(outcome_on__isnull=False)),
                name="remedy_outcome_with_its_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.kind} {self.reference}"

    @property
    def is_open(self) -> bool:
        return not self.outcome


class JudicialTransfer(models.Model):
    """A case transferred to the judicial organs (移送司法机关) on suspicion of a crime.

    行政执法机关移送涉嫌犯罪案件的规定: the agency transfers to the public security organ
    (or the supervisory commission or procuratorate) with the head's approval.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="judicial_transfers")
    transferred_on = models.DateField(_("transferred on"))
    organ = models.CharField(_("transferred to"), max_length=200)
    offence = models.CharField(_("suspected offence"), max_length=200)
    reference = models.CharField(_("transfer letter number"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("transfer to the judicial organs")
        verbose_name_plural = _("transfers to the judicial organs")
        ordering = ["case", "transferred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.transferred_on} {self.organ}"
