"""Reads of agencies and people, with the one visibility rule (CONVENTIONS → Reads).

A staff user sees their own agency; a supervisor also sees the agencies their agency
supervises; a superuser sees everything. Missing and not-yours both give 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sanxiang.agencies.choices import CredentialState, OfficerStatus
from sanxiang.agencies.models import Agency, Credential, LegalReviewer, Officer
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
