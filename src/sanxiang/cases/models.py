"""Cases (案件): power items, case numbers, parties, handling officers, stage events, acts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.choices import PowerCategory
from sanxiang.agencies.models import Agency, Officer, PowerItem
from sanxiang.cases.choices import (
    ActKind,
    ActStatus,
    ApprovalKind,
    CaseSource,
    DeadlineKind,
    PartyKind,
    PersonalField,
    Procedure,
    Responsibility,
    ServiceMethod,
    Stage,
    Transition,
)
from sanxiang.core import pii


class CaseNumberFormat(models.Model):
    """How an agency writes its case numbers (案号格式) for one category."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("category"), max_length=20, choices=PowerCategory.choices)
    template = models.CharField(
        _("template"),
        max_length=60,
        help_text=_("Use {year} and {serial}, e.g. 东丽万新罚〔{year}〕{serial}号."),
    )

    class Meta:
        verbose_name = _("case number format")
        verbose_name_plural = _("case number formats")
        constraints = [
            models.UniqueConstraint(fields=["agency", "category"], name="case_number_format_unique")
        ]

    def __str__(self) -> str:
        return self.template


class CaseNumberSequence(models.Model):
    """The last serial used per agency, category and year; locked when a number is taken."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("category"), max_length=20, choices=PowerCategory.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    last_serial = models.PositiveIntegerField(_("last serial"), default=0)

    class Meta:
        verbose_name = _("case number sequence")
        verbose_name_plural = _("case number sequences")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "category", "year"], name="case_number_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.category}/{self.year}: {self.last_serial}"


class Party(models.Model):
    """A party (当事人) known to an agency: a person or an organisation, across its cases."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="parties"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PartyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        help_text=_("For legal persons and other organisations."),
    )
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    # Personal data, encrypted at rest (core.pii): read and write ``id_number``, ``address``
    # and ``phone`` below; the columns hold only ciphertext and the ID number's keyed hash.
    id_number_ciphertext = models.TextField(
        _("ID number (encrypted)"), blank=True, editable=False, help_text=_("For natural persons.")
    )
    id_number_digest = models.CharField(
        _("ID number (keyed hash)"), max_length=64, blank=True, editable=False
    )
    address_ciphertext = models.TextField(_("address (encrypted)"), blank=True, editable=False)
    phone_ciphertext = models.TextField(_("telephone (encrypted)"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "id_number_digest"],
                condition=~Q(id_number_digest=""),
                name="party_unique_id_number",
            ),
            models.UniqueConstraint(
                fields=["agency", "uscc"], condition=~Q(uscc=""), name="party_unique_uscc"
            ),
            models.CheckConstraint(
                condition=(Q(kind=PartyKind.NATURAL_PERSON) & ~Q(id_number_digest="") & Q(uscc=""))
                | (~Q(kind=PartyKind.NATURAL_PERSON) & Q(id_number_digest="") & ~Q(uscc="")),
                name="party_identifier_matches_kind",
            ),
        ]

    id_number = pii.encrypted_property(
        "id_number_ciphertext", purpose="cases.party.id_number", digest_column="id_number_digest"
    )
    address = pii.encrypted_property("address_ciphertext", purpose="cases.party.address")
    phone = pii.encrypted_property("phone_ciphertext", purpose="cases.party.phone")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("workbench:party", kwargs={"party_id": self.pk})

    @property
    def identifier(self) -> str:
        """The ID number (decrypted) or the USCC: for documents, never for logs."""
        return self.id_number or self.uscc

    @property
    def public_identifier(self) -> str:
        """What may name the party in the ledger: the USCC, or the ID number's keyed hash."""
        return self.uscc or f"id-hmac:{self.id_number_digest}"

    @property
    def masked_id_number(self) -> str:
        return pii.mask_id_number(self.id_number)

    @property
    def masked_address(self) -> str:
        return pii.mask_address(self.address)

    @property
    def masked_phone(self) -> str:
        return pii.mask_phone(self.phone)


class PartyDisclosure(models.Model):
    """One showing of a party's personal data in full (个人信息查看记录): who, when, which field."""

    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="disclosures"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("viewer"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    field = models.CharField(_("field"), max_length=20, choices=PersonalField.choices)
    at = models.DateTimeField(_("time"), db_index=True)
    address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    ledger_seq = models.BigIntegerField(_("ledger entry"))

    class Meta:
        verbose_name = _("personal data view")
        verbose_name_plural = _("personal data views")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.party_id} {self.field}"


class Case(models.Model):
    """An enforcement case (案件), from filing (立案) to archive (归档)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="cases"
    )
    number = models.CharField(_("case number"), max_length=60, unique=True)
    serial = models.PositiveIntegerField(_("serial"))
    year = models.PositiveSmallIntegerField(_("year"))
    power_item = models.ForeignKey(
        PowerItem, verbose_name=_("power item"), on_delete=models.PROTECT, related_name="cases"
    )
    category = models.CharField(_("category"), max_length=20, choices=PowerCategory.choices)
    procedure = models.CharField(_("procedure"), max_length=20, choices=Procedure.choices)
    title = models.CharField(
        _("cause of action"), max_length=200, help_text=_("What the case is about (案由).")
    )
    facts = models.TextField(_("facts found at filing"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=CaseSource.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.FILED, db_index=True
    )
    parties: models.ManyToManyField[Party, CaseParty] = models.ManyToManyField(
        Party, verbose_name=_("parties"), through="CaseParty", related_name="cases"
    )
    officers: models.ManyToManyField[Officer, CaseOfficer] = models.ManyToManyField(
        Officer, verbose_name=_("handling officers"), through="CaseOfficer", related_name="cases"
    )
    # Key dates the statutory deadlines run from (each stamped by its transition).
    filed_on = models.DateField(_("filed on"), db_index=True)
    notified_on = models.DateField(_("prior notice served on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    served_on = models.DateField(_("decision served on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    # 行政处罚法 第五十二条: an on-the-spot decision is filed with the agency (备案), recorded
    # by the head (cases.services.record_summary_filing).
    summary_filed_on = models.DateField(_("on-the-spot decision filed on"), null=True, blank=True)
    summary_filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filing recorded by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    # A historic case (历史案件) imported from the agency's earlier records: it never went
    # through the state machine or the review gate, so warnings, evaluation sampling and
    # deadlines leave it out; the statistics of its years still count it.
    migrated = models.BooleanField(
        _("imported historic case"), default=False, db_index=True,
        help_text=_("Imported from the agency's records before it adopted Sanxiang."),
    )  # fmt: skip
    # 行政处罚法 第三十六条: the limitation period runs from the act, or from its end when it
    # continued; 第三十条/第三十一条: age at the act and capacity (see cases.limits).
    violation_on = models.DateField(_("violation committed on"), null=True, blank=True)
    violation_continuing = models.BooleanField(_("continuing or repeated violation"), default=False)
    violation_ended_on = models.DateField(
        _("continuing violation ended on"), null=True, blank=True,
        help_text=_("For a continuing or repeated violation: the day it ended (empty while it goes on)."),
    )  # fmt: skip
    limitation_extended = models.BooleanField(
        _("five-year limitation applies"), default=False,
        help_text=_("The violation concerns citizens' life and health or financial security "
                    "and had harmful consequences (行政处罚法 第三十六条)."),
    )  # fmt: skip
    limitation_reason = models.TextField(_("why the five-year period applies"), blank=True)
    responsibility = models.CharField(
        _("finding on capacity"), max_length=20, choices=Responsibility.choices, blank=True,
        default=Responsibility.NOT_FOUND,
    )  # fmt: skip
    responsibility_basis = models.TextField(_("basis of the finding on capacity"), blank=True)
    # What a case filed before these rules lacks (cases.choices.RulesFlag), set by migration
    # 0004 and cleared when the data is recorded: shown to the head, never silently passed.
    rules_flags = models.JSONField(_("data to complete"), default=list, blank=True)
    stage_changed_at = models.DateTimeField(_("stage changed at"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-filed_on", "-serial"]
        indexes = [models.Index(fields=["agency", "stage"], name="case_agency_stage")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("workbench:case", kwargs={"case_id": self.pk})

    @property
    def is_frozen(self) -> bool:
        """An archived case file is frozen: corrections are appended, never edited."""
        return self.stage == Stage.ARCHIVED


class CaseParty(models.Model):
    """A party's place in one case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_parties")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="case_links")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("party to a case")
        verbose_name_plural = _("parties to cases")
        ordering = ["case", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "party"], name="case_party_unique")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.party_id}"


class CaseOfficer(models.Model):
    """A handling officer (承办人) of a case; 行政处罚法 第四十二条 requires at least two."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_officers")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="case_links")
    is_lead = models.BooleanField(_("lead handler"), default=False)

    class Meta:
        verbose_name = _("handling officer")
        verbose_name_plural = _("handling officers")
        ordering = ["case", "-is_lead", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "officer"], name="case_officer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.officer_id}"


class CaseEvent(models.Model):
    """A stage transition of a case (流程记录), with who, when and why."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    transition = models.CharField(_("transition"), max_length=30, choices=Transition.choices)
    from_stage = models.CharField(_("from stage"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("to stage"), max_length=20, choices=Stage.choices)
    on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("recorded at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.transition}"


class DeadlineExtension(models.Model):
    """An approved extension of a statutory time limit (延期审批)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="extensions")
    kind = models.CharField(_("time limit"), max_length=20, choices=DeadlineKind.choices)
    days = models.PositiveSmallIntegerField(_("days added"))
    reason = models.TextField(_("reason"))
    # 行政处罚法 第六十条: only a law, regulation or rule may allow a longer period.
    legal_basis = models.CharField(
        _("provision allowing the extension"), max_length=300, blank=True
    )
    allowed_days = models.PositiveSmallIntegerField(
        _("days the provision allows"), null=True, blank=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"))

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["case", "approved_at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} +{self.days}"


class Act(models.Model):
    """An enforcement act on a case (执法行为): when, where, by whom, and what it produced."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="acts")
    kind = models.CharField(_("kind"), max_length=30, choices=ActKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ActStatus.choices, default=ActStatus.OPEN
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    summary = models.TextField(_("what was done"))
    outcome = models.TextField(_("what it produced"), blank=True)
    service_method = models.CharField(
        _("service method"), max_length=20, choices=ServiceMethod.choices, blank=True
    )
    officers: models.ManyToManyField[Officer, ActOfficer] = models.ManyToManyField(
        Officer, verbose_name=_("officers"), through="ActOfficer", related_name="acts"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("enforcement act")
        verbose_name_plural = _("enforcement acts")
        ordering = ["case", "started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("workbench:act", kwargs={"act_id": self.pk})


class ActOfficer(models.Model):
    """An officer taking part in an act, with the credential they showed that day."""

    act = models.ForeignKey(Act, on_delete=models.PROTECT, related_name="act_officers")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="act_links")
    credential_number = models.CharField(_("credential number"), max_length=40)

    class Meta:
        verbose_name = _("officer at an act")
        verbose_name_plural = _("officers at acts")
        constraints = [
            models.UniqueConstraint(fields=["act", "officer"], name="act_officer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.act_id}: {self.officer_id}"


class SummaryLimit(models.Model):
    """Higher on-the-spot limits a law sets for one power item (行政处罚法 第五十一条:
    法律另有规定的，从其规定), always with the law that sets them (cases.procedure)."""

    power_item = models.OneToOneField(
        PowerItem, verbose_name=_("power item"), on_delete=models.PROTECT,
        related_name="summary_limit",
    )  # fmt: skip
    person_limit = models.DecimalField(
        _("highest on-the-spot fine for a citizen (yuan)"), max_digits=14, decimal_places=2,
        null=True, blank=True,
    )  # fmt: skip
    organisation_limit = models.DecimalField(
        _("highest on-the-spot fine for an organisation (yuan)"), max_digits=14,
        decimal_places=2, null=True, blank=True,
    )  # fmt: skip
    legal_basis = models.CharField(
        _("the law that sets it"), max_length=300,
        help_text=_("The law (法律) and article, e.g. 《中华人民共和国道路交通安全法》第一百零七条."),
    )  # fmt: skip
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    set_at = models.DateTimeField(_("set at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("on-the-spot limit set by law")
        verbose_name_plural = _("on-the-spot limits set by law")

    def __str__(self) -> str:
        return f"{self.power_item_id}: {self.legal_basis}"


class CaseApproval(models.Model):
    """An approval the head gave on a case (负责人审批: 立案, 结案, 延期), with who and when."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="approvals")
    kind = models.CharField(_("kind"), max_length=20, choices=ApprovalKind.choices)
    opinion = models.TextField(_("opinion"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    approved_on = models.DateField(_("approved on"))
    approved_at = models.DateTimeField(_("recorded at"))
    extension = models.OneToOneField(
        DeadlineExtension, null=True, blank=True, on_delete=models.PROTECT,
        related_name="approval",
    )  # fmt: skip
    ledger_seq = models.BigIntegerField(_("ledger entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("head's approval")
        verbose_name_plural = _("head's approvals")
        ordering = ["case", "approved_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.approved_on}"
