"""Reads of agencies and people, with the one visibility rule (docs/contributing.md).

A staff user sees their own agency; a supervisor also sees the agencies their agency
supervises; a superuser sees everything. Missing and not-yours both give 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sanxiang.agencies.choices import CredentialState, OfficerStatus
from sanxiang.agencies.models import (
    Agency,
    Credential,
    DiscretionRule,
    EnforcementDomain,
    LegalReviewer,
    Officer,
    PowerItem,
    PowerItemVersion,
    ServiceGuide,
    ServiceWindow,
)
from sanxiang.agencies.powerlist import FieldChange, content_of, differences
from sanxiang.core.models import SecurityEvent
from sanxiang.core.roles import Role


def visible_agency_ids(*, user: Any) -> QuerySet[Agency] | None:
    """Agencies ``user`` may read, or ``None`` for all (superusers)."""
    if not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    if user.is_superuser:
        return None
    if user.agency_id is None:
        return Agency.objects.none()
    scope = Q(pk=user.agency_id)
    if user.has_role(Role.SUPERVISOR):
        scope |= Q(supervising_agency_id=user.agency_id)
    return Agency.objects.filter(scope)


def agencies_visible_to(*, user: Any) -> QuerySet[Agency]:
    scope = visible_agency_ids(user=user)
    return Agency.objects.all() if scope is None else scope


def officers_visible_to(*, user: Any) -> QuerySet[Officer]:
    officers = Officer.objects.select_related("agency", "department")
    scope = visible_agency_ids(user=user)
    return officers if scope is None else officers.filter(agency__in=scope)


def reviewers_visible_to(*, user: Any) -> QuerySet[LegalReviewer]:
    reviewers = LegalReviewer.objects.select_related("agency")
    scope = visible_agency_ids(user=user)
    return reviewers if scope is None else reviewers.filter(agency__in=scope)


def get_agency_for_user(*, user: Any, agency_id: int) -> Agency:
    try:
        return agencies_visible_to(user=user).get(pk=agency_id)
    except Agency.DoesNotExist as exc:
        raise Http404 from exc


def get_officer_for_user(*, user: Any, officer_id: int) -> Officer:
    try:
        return officers_visible_to(user=user).get(pk=officer_id)
    except Officer.DoesNotExist as exc:
        raise Http404 from exc


def get_credential_for_user(*, user: Any, credential_id: int) -> Credential:
    scope = visible_agency_ids(user=user)
    credentials = Credential.objects.select_related("officer__agency")
    if scope is not None:
        credentials = credentials.filter(officer__agency__in=scope)
    try:
        return credentials.get(pk=credential_id)
    except Credential.DoesNotExist as exc:
        raise Http404 from exc


def public_agencies() -> QuerySet[Agency]:
    """Agencies shown on the portal."""
    return Agency.objects.filter(is_public=True)


def public_officers(*, agency: Agency) -> QuerySet[Officer]:
    """Officers on duty, as the portal lists them (names, positions, credentials only)."""
    return (
        Officer.objects.filter(agency=agency, status=OfficerStatus.ACTIVE)
        .select_related("department")
        .prefetch_related("credentials", "domains")
        .order_by("department__order", "name")
    )


def public_credential_by_token(*, token: str) -> Credential | None:
    """The credential a QR code points to, if the token is current and its agency public."""
    return (
        Credential.objects.filter(public_token=token, officer__agency__is_public=True)
        .select_related("officer__agency")
        .prefetch_related("domains")
        .first()
    )


def public_credential_by_number(*, number: str) -> Credential | None:
    return (
        Credential.objects.filter(number=number, officer__agency__is_public=True)
        .select_related("officer__agency")
        .first()
    )


def credential_state_today(credential: Credential) -> CredentialState:
    return credential.state_on(timezone.localdate())


# --- The power list (权责清单) -------------------------------------------------------------


def current_discretion_rules(*, power_item: PowerItem) -> QuerySet[DiscretionRule]:
    """The discretion standard (裁量基准) in force for a power item, lightest step first.

    Empty for an item that is not a penalty item or has no recorded version yet.
    """
    if power_item.current_version_id is None:
        return DiscretionRule.objects.none()
    return DiscretionRule.objects.filter(version_id=power_item.current_version_id)


def power_items_visible_to(*, user: Any) -> QuerySet[PowerItem]:
    items = PowerItem.objects.select_related("agency", "domain", "current_version")
    scope = visible_agency_ids(user=user)
    return items if scope is None else items.filter(agency__in=scope)


def get_power_item_for_user(*, user: Any, item_id: int) -> PowerItem:
    try:
        return power_items_visible_to(user=user).get(pk=item_id)
    except PowerItem.DoesNotExist as exc:
        raise Http404 from exc


def search_power_items(items: QuerySet[PowerItem], q: str) -> QuerySet[PowerItem]:
    """Items whose code, name or legal basis contains the phrase (parameterised, never raw)."""
    q = q.strip()[:100]
    if not q:
        return items
    return items.filter(Q(code__icontains=q) | Q(name__icontains=q) | Q(legal_basis__icontains=q))


def public_power_items(
    *, category: str = "", agency: Agency | None = None, q: str = ""
) -> QuerySet[PowerItem]:
    """The current power list as the portal shows it: items in force of public agencies."""
    items = PowerItem.objects.filter(
        is_active=True, agency__is_public=True, current_version__isnull=False
    ).select_related("agency", "domain", "current_version")
    if category:
        items = items.filter(category=category)
    if agency is not None:
        items = items.filter(agency=agency)
    return search_power_items(items, q).order_by("agency__name", "code")


def public_power_item(*, agency_code: str, code: str) -> PowerItem | None:
    """A published item by its public address, in force or abolished (its history stays)."""
    return (
        PowerItem.objects.filter(
            agency__code=agency_code,
            agency__is_public=True,
            code=code,
            current_version__isnull=False,
        )
        .select_related("agency", "domain", "current_version__domain")
        .first()
    )


def power_item_history(*, item: PowerItem) -> list[tuple[PowerItemVersion, list[FieldChange]]]:
    """Each version, newest first, with what it changed from the one before."""
    versions = list(
        item.versions.select_related("domain").prefetch_related(
            Prefetch("discretion_rules", queryset=DiscretionRule.objects.order_by("order", "pk"))
        )
    )
    domains = dict(EnforcementDomain.objects.values_list("code", "name"))
    history = []
    previous = None
    for version in versions:
        content = content_of(version)
        history.append((version, differences(previous, content, domains=domains)))
        previous = content
    return history[::-1]


def public_guides(*, q: str = "") -> QuerySet[ServiceGuide]:
    guides = ServiceGuide.objects.filter(is_published=True, agency__is_public=True).select_related(
        "agency"
    )
    q = q.strip()[:100]
    if q:
        guides = guides.filter(Q(name__icontains=q) | Q(conditions__icontains=q))
    return guides


def public_guide(*, code: str) -> ServiceGuide | None:
    return (
        public_guides()
        .filter(code=code)
        .select_related("power_item__agency")
        .prefetch_related("materials", "stages")
        .first()
    )


def public_window(*, code: str) -> ServiceWindow | None:
    return (
        ServiceWindow.objects.filter(code=code, is_published=True, agency__is_public=True)
        .select_related("agency")
        .prefetch_related("posts__officer", "guides")
        .first()
    )


def security_events_visible_to(*, user: Any) -> QuerySet[SecurityEvent]:
    """Security events of the agencies ``user`` may read (all, for superusers). Events of no
    agency (unknown user names, commands, the system) are the installation's: superusers'."""
    events = SecurityEvent.objects.all()
    scope = visible_agency_ids(user=user)
    return events if scope is None else events.filter(agency_id__in=scope.values("pk"))
