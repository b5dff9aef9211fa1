"""Records: the recording rules (音像记录事项清单), upload sessions and recordings (音像记录)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.models import Agency, Officer
from sanxiang.cases.choices import ActKind, ServiceMethod
from sanxiang.cases.models import Act, Case
from sanxiang.records.choices import (
    AccessAction,
    DocumentType,
    EvidenceKind,
    FilingStatus,
    Requirement,
    UploadState,
)


class RecordingRule(models.Model):
    """A row of the list of acts to record on audio/video (音像记录事项清单), with 执法用语指引."""

    act_kind = models.CharField(_("kind of act"), max_length=30, choices=ActKind.choices)
    service_method = models.CharField(
        _("service method"),
        max_length=20,
        choices=ServiceMethod.choices,
        blank=True,
        help_text=_("Only for service of documents: the rule applies to this method alone."),
    )
    requirement = models.CharField(_("requirement"), max_length=20, choices=Requirement.choices)
    basis = models.CharField(_("basis"), max_length=200)
    start_trigger = models.CharField(_("recording starts"), max_length=100, blank=True)
    end_trigger = models.CharField(_("recording ends"), max_length=100, blank=True)
    phrases = models.TextField(
        _("standard phrases for officers"),
        blank=True,
        help_text=_("执法用语指引: what the officer says at the start and end of the recording."),
    )
    is_active = models.BooleanField(_("in force"), default=True)

    class Meta:
        verbose_name = _("recording rule")
        verbose_name_plural = _("recording rules")
        ordering = ["requirement", "act_kind", "service_method"]
        constraints = [
            models.UniqueConstraint(
                fields=["act_kind", "service_method"], name="recording_rule_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_act_kind_display()} {self.get_requirement_display()}"


class UploadSession(models.Model):
    """A chunked upload in progress, resumable from ``received`` bytes."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    act = models.ForeignKey(Act, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=32, unique=True)
    filename = models.CharField(_("file name"), max_length=255)
    total_size = models.BigIntegerField(_("size"))
    received = models.BigIntegerField(_("received"), default=0)
    media_type = models.CharField(_("media type"), max_length=100, blank=True)
    metadata = models.JSONField(_("metadata"), default=dict)
    state = models.CharField(
        _("state"), max_length=20, choices=UploadState.choices, default=UploadState.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("upload session")
        verbose_name_plural = _("upload sessions")

    def __str__(self) -> str:
        return self.filename


class Recording(models.Model):
    """An audio or video recording (音像记录) with the metadata the plan requires (R3)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="recordings")
    act = models.ForeignKey(
        Act, null=True, blank=True, on_delete=models.PROTECT, related_name="recordings"
    )
    digest = models.CharField(_("hash"), max_length=64, db_index=True)
    media_type = models.CharField(_("media type"), max_length=100)
    size = models.BigIntegerField(_("size in bytes"))
    original_name = models.CharField(_("original file name"), max_length=255)
    collected_at = models.DateTimeField(_("collected at"))
    place = models.CharField(_("place"), max_length=200)
    collector = models.ForeignKey(
        Officer, verbose_name=_("collector"), on_delete=models.PROTECT, related_name="+"
    )
    proves = models.TextField(_("what it proves"))
    device = models.CharField(_("device"), max_length=100)
    is_full = models.BooleanField(
        _("full recording"), default=False, help_text=_("Covers the whole act without a break.")
    )
    is_sensitive = models.BooleanField(
        _("sensitive"), default=False,
        help_text=_("Shows personal privacy or secrets: every reader must give a reason."),
    )  # fmt: skip
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"))

    class Meta:
        verbose_name = _("audio/video recording")
        verbose_name_plural = _("audio/video recordings")
        ordering = ["case", "collected_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("workbench:recording", kwargs={"recording_id": self.pk})

    @property
    def is_video(self) -> bool:
        return self.media_type.startswith("video/")


class AccessLog(models.Model):
    """One reading of a case's records (调阅记录): who, when, what, from where, and why (R7)."""

    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Empty for a party file, which spans cases."),
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    at = models.DateTimeField(_("time"), db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    what = models.CharField(_("record"), max_length=300)
    object_kind = models.CharField(max_length=30)
    object_id = models.BigIntegerField(null=True)
    address = models.GenericIPAddressField(_("from address"), null=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["case", "-at"], name="access_case_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.what}"


class AccessDigest(models.Model):
    """A digest of access-log rows appended to the ledger by ``sanxiang tick``."""

    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField(unique=True)
    count = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    ledger_seq = models.BigIntegerField()
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("access-log digest")
        verbose_name_plural = _("access-log digests")
        ordering = ["last_id"]

    def __str__(self) -> str:
        return f"{self.first_id}-{self.last_id}"


class DocumentTemplate(models.Model):
    """A version of a document template (文书模板): the standard one, or an agency's adaptation."""

    agency = models.ForeignKey(
        Agency, null=True, blank=True, verbose_name=_("agency"), on_delete=models.PROTECT,
        related_name="+", help_text=_("Empty for the standard template."),
    )  # fmt: skip
    doc_type = models.CharField(_("document type"), max_length=30, choices=DocumentType.choices)
    version = models.PositiveIntegerField(_("version"))
    digest = models.CharField(_("hash"), max_length=64)
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(_("filing status"), max_length=20, choices=FilingStatus.choices)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    filing_number = models.CharField(_("filing number"), max_length=60, blank=True)
    filing_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"))

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["doc_type", "agency", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "doc_type", "version"], name="document_template_version"
            ),
            # One standard template per type and revision (docx_standard.REVISIONS).
            models.UniqueConstraint(
                fields=["doc_type", "version"], condition=models.Q(agency__isnull=True),
                name="document_template_standard_version",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("workbench:document-template", kwargs={"template_id": self.pk})

    @property
    def usable(self) -> bool:
        return self.status != FilingStatus.UNFILED


class DocumentSequence(models.Model):
    """The last document number (文号) used per agency, document type and year."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    doc_type = models.CharField(max_length=30, choices=DocumentType.choices)
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "doc_type", "year"], name="document_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.doc_type}/{self.year}: {self.last_serial}"


class Document(models.Model):
    """An enforcement document (执法文书) generated from a template, with its number (文号)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    act = models.ForeignKey(
        Act, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    doc_type = models.CharField(_("document type"), max_length=30, choices=DocumentType.choices)
    number = models.CharField(_("document number"), max_length=80, unique=True)
    template = models.ForeignKey(
        DocumentTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="+"
    )
    digest = models.CharField(_("hash"), max_length=64)
    size = models.BigIntegerField(_("size in bytes"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField(_("generated at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"))
    # The step that made it (records.choices.STEP_DOCUMENTS), empty for a document made alone.
    step = models.CharField(_("made in the step"), max_length=40, blank=True, default="")

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["case", "generated_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("workbench:document", kwargs={"document_id": self.pk})

    @property
    def filename(self) -> str:
        return f"{self.number} {self.get_doc_type_display()}.docx"


class Evidence(models.Model):
    """An evidence item (证据) other than a document or recording: a photo, a paper received."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence")
    act = models.ForeignKey(
        Act, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField(_("kind of evidence"), max_length=20, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what it shows"), blank=True)
    source = models.CharField(_("provided by"), max_length=200, blank=True)
    collected_on = models.DateField(_("collected on"))
    digest = models.CharField(_("hash"), max_length=64)
    media_type = models.CharField(_("media type"), max_length=100)
    size = models.BigIntegerField(_("size in bytes"))
    original_name = models.CharField(_("original file name"), max_length=255)
    is_sensitive = models.BooleanField(
        _("sensitive"), default=False,
        help_text=_("Shows personal privacy or secrets: every reader must give a reason."),
    )  # fmt: skip
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"))

    class Meta:
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")
        ordering = ["case", "collected_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workbench:evidence-file", kwargs={"evidence_id": self.pk})


class Correction(models.Model):
    """A correction appended to an archived case file (更正), never an edit of it (R4)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="corrections")
    content = models.TextField(_("correction"))
    reason = models.TextField(_("reason"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"))

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["case", "approved_at"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.reason[:40]}"
