"""Agencies (执法主体), their departments, officers, credentials, trainings and reviewers."""

from __future__ import annotations

import datetime as dt
import secrets
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxiang.agencies import reconsideration
from sanxiang.agencies.choices import (
    AgencyKind,
    CredentialIssuer,
    CredentialState,
    CredentialStatus,
    OfficerStatus,
    PowerCategory,
    ReviewerKind,
    TrainingKind,
    TrainingResult,
)
from sanxiang.core.identifiers import validate_resident_id, validate_uscc
from sanxiang.core.roles import Role


def _public_token() -> str:
    return secrets.token_urlsafe(18)


class Agency(models.Model):
    """An administrative law-enforcement body (执法主体)."""

    code = models.SlugField(
        _("public code"), max_length=64, unique=True, help_text=_("Used in public addresses.")
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    supervising_agency = models.ForeignKey(
        "self",
        verbose_name=_("supervising body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_agencies",
        help_text=_("The justice bureau that supervises this body's enforcement."),
    )
    entrusting_agency = models.ForeignKey(
        "self",
        verbose_name=_("entrusting body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entrusted_agencies",
        help_text=_("Required for an entrusted organisation (行政处罚法 第二十条)."),
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    duties = models.TextField(_("duties"), blank=True)
    powers_summary = models.TextField(_("summary of powers"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=100, blank=True)
    reconsideration_body = models.CharField(
        _("administrative reconsideration body"), max_length=200, blank=True
    )
    competent_court = models.CharField(_("competent court"), max_length=200, blank=True)
    complaint_phone = models.CharField(_("complaint telephone"), max_length=50, blank=True)
    complaint_address = models.CharField(_("complaint address"), max_length=200, blank=True)
    is_public = models.BooleanField(_("shown on the portal"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("enforcement agency")
        verbose_name_plural = _("enforcement agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:agency", kwargs={"code": self.code})

    @property
    def reconsideration_organ(self) -> str:
        """The reconsideration body named to parties (行政复议法 第二十四条; one source)."""
        return reconsideration.reconsideration_body(self)


class Department(models.Model):
    """A department or unit inside an agency (内设机构), e.g. 综合行政执法大队."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=100)
    duties = models.TextField(_("duties"), blank=True)
    is_review_body = models.BooleanField(
        _("legal review body"),
        default=False,
        help_text=_("The unit that carries out legal review of major decisions."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["agency", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class EnforcementDomain(models.Model):
    """A field of enforcement (执法领域/执法类别) named on officers and credentials."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("enforcement domain")
        verbose_name_plural = _("enforcement domains")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class PowerItem(models.Model):
    """An item of an agency's power list (权责清单事项)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="power_items"
    )
    code = models.CharField(_("item code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=PowerCategory.choices)
    domain = models.ForeignKey(
        EnforcementDomain,
        verbose_name=_("enforcement domain"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Officers acting on this item need a credential valid for this domain."),
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    is_active = models.BooleanField(_("in force"), default=True)
    # The fields above mirror the current version, so that cases can read them directly.
    current_version = models.ForeignKey(
        "agencies.PowerItemVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("power item")
        verbose_name_plural = _("power items")
        ordering = ["agency", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="power_item_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse(
            "portal:power-item", kwargs={"agency_code": self.agency.code, "code": self.code}
        )


class User(AbstractUser):
    """A staff user account (工作人员账号); roles are Django groups named by ``Role``."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    full_name = models.CharField(_("full name"), max_length=50, blank=True)

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role) -> bool:
        return self.is_active and role.value in self.roles

    def role_labels(self) -> list[str]:
        return [str(role.label) for role in Role if role.value in self.roles]


class Officer(models.Model):
    """A law-enforcement officer (行政执法人员)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="officers"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    user = models.OneToOneField(
        User,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officer",
    )
    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(
        _("ID number"),
        max_length=18,
        unique=True,
        validators=[validate_resident_id],
        help_text=_("Kept internal; never published."),
    )
    position = models.CharField(_("position"), max_length=50, blank=True)
    photo = models.ImageField(_("photo"), upload_to="officer-photos/", blank=True)
    domains = models.ManyToManyField(
        EnforcementDomain, verbose_name=_("enforcement domains"), blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OfficerStatus.choices, default=OfficerStatus.ACTIVE
    )
    public_token = models.CharField(max_length=32, unique=True, default=_public_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enforcement officer")
        verbose_name_plural = _("enforcement officers")
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("workbench:officer", kwargs={"officer_id": self.pk})

    def current_credential(self, on: dt.date | None = None) -> Credential | None:
        """The credential valid on the given day (today by default), if any."""
        day = on or timezone.localdate()
        for credential in self.credentials.all():
            if credential.state_on(day) == CredentialState.VALID:
                return credential
        return None


class Credential(models.Model):
    """An administrative enforcement credential (行政执法证件)."""

    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="credentials"
    )
    number = models.CharField(_("credential number"), max_length=40, unique=True)
    issuer = models.CharField(_("issuer"), max_length=20, choices=CredentialIssuer.choices)
    issuing_authority = models.CharField(_("issuing authority"), max_length=100)
    domains = models.ManyToManyField(
        EnforcementDomain, verbose_name=_("enforcement domains"), blank=True
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CredentialStatus.choices,
        default=CredentialStatus.VALID,
    )
    status_reason = models.CharField(_("reason for the status"), max_length=200, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    public_token = models.CharField(max_length=32, unique=True, default=_public_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enforcement credential")
        verbose_name_plural = _("enforcement credentials")
        ordering = ["officer", "-valid_to"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="credential_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.number

    def state_on(self, day: dt.date) -> CredentialState:
        """What this credential was (or is) on the given day, as the law sees it."""
        if self.status == CredentialStatus.REVOKED:
            return CredentialState.REVOKED
        if self.status == CredentialStatus.SUSPENDED:
            return CredentialState.SUSPENDED
        if day < self.valid_from:
            return CredentialState.NOT_YET_VALID
        if day > self.valid_to:
            return CredentialState.EXPIRED
        return CredentialState.VALID

    def expires_within(self, days: int, today: dt.date | None = None) -> bool:
        day = today or timezone.localdate()
        return self.state_on(day) == CredentialState.VALID and (self.valid_to - day).days <= days


class CredentialEvent(models.Model):
    """A change in a credential's history (证件变更记录): issue, suspension, revocation…"""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Issued")
        SUSPENDED = "suspended", _("Suspended")
        RESTORED = "restored", _("Restored")
        REVOKED = "revoked", pgettext_lazy("credential", "Revoked")

    credential = models.ForeignKey(
        Credential, verbose_name=_("credential"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    actor = models.ForeignKey(
        User, verbose_name=_("by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("credential event")
        verbose_name_plural = _("credential events")
        ordering = ["credential", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.credential} {self.get_kind_display()}"


class TrainingRecord(models.Model):
    """A training or assessment an officer took (培训考核记录)."""

    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="trainings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TrainingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=100, blank=True)
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)
    result = models.CharField(_("result"), max_length=20, choices=TrainingResult.choices)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["officer", "-held_on"]

    def __str__(self) -> str:
        return self.title


class LegalReviewer(models.Model):
    """A legal reviewer (法制审核人员), including an engaged lawyer (法律顾问)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="reviewers"
    )
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=ReviewerKind.choices)
    user = models.OneToOneField(
        User,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="legal_reviewer",
    )
    officer = models.OneToOneField(
        Officer,
        verbose_name=_("officer record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_reviewer",
    )
    qualification_number = models.CharField(
        _("legal professional qualification number"), max_length=40, blank=True
    )
    law_firm = models.CharField(_("law firm"), max_length=100, blank=True)
    engaged_from = models.DateField(_("engaged from"), null=True, blank=True)
    engaged_to = models.DateField(_("engaged to"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("legal reviewer")
        verbose_name_plural = _("legal reviewers")
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return self.name


# The power list and service guides live in their own modules (docs/contributing.md: a file past
# ~500 lines becomes a package); importing them here registers the models.
from sanxiang.agencies.models.guides import (  # noqa: E402
    GuideMaterial,
    GuideStage,
    ServiceGuide,
    ServiceWindow,
    WindowPost,
)
from sanxiang.agencies.models.powers import DiscretionRule, PowerItemVersion  # noqa: E402

__all__ = [
    "Agency", "Credential", "CredentialEvent", "Department", "DiscretionRule",
    "EnforcementDomain", "GuideMaterial", "GuideStage", "LegalReviewer", "Officer",
    "PowerItem", "PowerItemVersion", "ServiceGuide", "ServiceWindow", "TrainingRecord",
    "User", "WindowPost",
]  # fmt: skip
