"""Writes to agencies and people: one service per use case, each taking the acting user.

Every service checks permission and state, validates, and writes in one transaction.
Errors for users are ``ValidationError`` (bad input, with a Chinese message) or
``PermissionDenied``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies import permissions
from sanxiang.agencies.choices import AgencyKind, CredentialStatus, ReviewerKind
from sanxiang.agencies.models import (
    Agency,
    Credential,
    CredentialEvent,
    Department,
    EnforcementDomain,
    LegalReviewer,
    Officer,
    TrainingRecord,
    User,
)
from sanxiang.core.identifiers import normalise_resident_id, normalise_uscc
from sanxiang.core.roles import Role

AGENCY_FIELDS = {
    "code", "name", "short_name", "kind", "uscc", "parent", "supervising_agency",
    "entrusting_agency", "legal_basis", "duties", "powers_summary", "address", "phone",
    "office_hours", "reconsideration_body", "competent_court", "complaint_phone",
    "complaint_address", "is_public",
}  # fmt: skip


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You do not have permission to do this."))


def _check_agency(agency: Agency) -> None:
    agency.uscc = normalise_uscc(agency.uscc)
    if agency.kind == AgencyKind.ENTRUSTED and agency.entrusting_agency_id is None:
        raise ValidationError(
            {
                "entrusting_agency": _(
                    "An entrusted organisation must name the body that entrusted it."
                )
            }
        )
    if agency.pk and agency.parent_id == agency.pk:
        raise ValidationError({"parent": _("An agency cannot be its own parent.")})
    agency.full_clean()


@transaction.atomic
def create_agency(*, actor: User, **fields: Any) -> Agency:
    _require(permissions.can_create_agency(actor))
    unknown = set(fields) - AGENCY_FIELDS
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    agency = Agency(**fields)
    _check_agency(agency)
    agency.save()
    return agency


@transaction.atomic
def update_agency(*, actor: User, agency: Agency, **changes: Any) -> Agency:
    _require(permissions.can_manage_agency(actor, agency))
    unknown = set(changes) - AGENCY_FIELDS
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(agency, name, value)
    _check_agency(agency)
    agency.save(update_fields=[*changes, "updated_at"])
    return agency


@transaction.atomic
def create_department(
    *, actor: User, agency: Agency, name: str, duties: str = "", is_review_body: bool = False,
    order: int = 0,
) -> Department:  # fmt: skip
    _require(permissions.can_manage_people(actor, agency))
    if Department.objects.filter(agency=agency, name=name).exists():
        raise ValidationError({"name": _("This agency already has a department of that name.")})
    department = Department(
        agency=agency, name=name, duties=duties, is_review_body=is_review_body, order=order
    )
    department.full_clean()
    department.save()
    return department


@transaction.atomic
def create_staff_user(
    *, actor: User, agency: Agency | None, username: str, password: str, full_name: str,
    roles: Iterable[Role], email: str = "", is_staff: bool = False,
) -> User:  # fmt: skip
    if agency is None:
        _require(actor.is_superuser)
    else:
        _require(permissions.can_manage_people(actor, agency))
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("This user name is already taken.")})
    user = User(
        username=username, full_name=full_name, agency=agency, email=email, is_staff=is_staff
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    _set_roles(user, roles)
    return user


def _set_roles(user: User, roles: Iterable[Role]) -> None:
    groups = [Group.objects.get_or_create(name=Role(role).value)[0] for role in roles]
    user.groups.set(groups)
    user.__dict__.pop("roles", None)


@transaction.atomic
def set_user_roles(*, actor: User, user: User, roles: Iterable[Role]) -> User:
    if user.agency is None:
        _require(actor.is_superuser)
    else:
        _require(permissions.can_manage_people(actor, user.agency))
    _set_roles(user, roles)
    return user


@transaction.atomic
def register_officer(
    *, actor: User, agency: Agency, name: str, id_number: str, department: Department | None = None,
    position: str = "", domains: Iterable[EnforcementDomain] = (), user: User | None = None,
) -> Officer:  # fmt: skip
    _require(permissions.can_manage_people(actor, agency))
    try:
        id_number = normalise_resident_id(id_number)
    except ValidationError as error:  # shown beside the field, not only at the top
        raise ValidationError({"id_number": error.error_list}) from error
    existing = Officer.objects.filter(id_number=id_number).select_related("agency").first()
    if existing is not None:
        raise ValidationError(
            {
                "id_number": _(
                    "This person is already an officer of %(agency)s. An officer belongs to one "
                    "agency: the other agency must record the transfer first."
                )
                % {"agency": existing.agency.name}
            }
        )
    if department is not None and department.agency_id != agency.pk:
        raise ValidationError({"department": _("The department belongs to another agency.")})
    if user is not None and user.agency_id != agency.pk:
        raise ValidationError({"user": _("The user account belongs to another agency.")})
    officer = Officer(
        agency=agency, name=name, id_number=id_number, department=department,
        position=position, user=user,
    )  # fmt: skip
    officer.full_clean()
    officer.save()
    officer.domains.set(domains)
    return officer


def _overlapping(officer: Officer, valid_from: dt.date, valid_to: dt.date) -> Credential | None:
    return (
        officer.credentials.exclude(status=CredentialStatus.REVOKED)
        .filter(valid_from__lte=valid_to, valid_to__gte=valid_from)
        .first()
    )


@transaction.atomic
def issue_credential(
    *, actor: User, officer: Officer, number: str, issuer: str, issuing_authority: str,
    valid_from: dt.date, valid_to: dt.date, domains: Iterable[EnforcementDomain] = (),
) -> Credential:  # fmt: skip
    _require(permissions.can_manage_people(actor, officer.agency))
    number = number.strip()
    if valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end of validity is before its start.")})
    if Credential.objects.filter(number=number).exists():
        raise ValidationError({"number": _("A credential with this number is already recorded.")})
    clash = _overlapping(officer, valid_from, valid_to)
    if clash is not None:
        raise ValidationError(
            {
                "valid_from": _(
                    "This period overlaps credential %(number)s (%(start)s to %(end)s). "
                    "Revoke the old credential first, or correct the dates."
                )
                % {"number": clash.number, "start": clash.valid_from, "end": clash.valid_to}
            }
        )
    credential = Credential(
        officer=officer, number=number, issuer=issuer, issuing_authority=issuing_authority,
        valid_from=valid_from, valid_to=valid_to, status_changed_at=timezone.now(),
    )  # fmt: skip
    credential.full_clean()
    credential.save()
    credential.domains.set(domains)
    CredentialEvent.objects.create(
        credential=credential, kind=CredentialEvent.Kind.ISSUED, actor=actor
    )
    return credential


# Allowed status changes of a credential and the event each one writes.
_CREDENTIAL_TRANSITIONS = {
    (CredentialStatus.VALID, CredentialStatus.SUSPENDED): CredentialEvent.Kind.SUSPENDED,
    (CredentialStatus.SUSPENDED, CredentialStatus.VALID): CredentialEvent.Kind.RESTORED,
    (CredentialStatus.VALID, CredentialStatus.REVOKED): CredentialEvent.Kind.REVOKED,
    (CredentialStatus.SUSPENDED, CredentialStatus.REVOKED): CredentialEvent.Kind.REVOKED,
}


@transaction.atomic
def change_credential_status(
    *, actor: User, credential: Credential, status: CredentialStatus, reason: str
) -> Credential:
    _require(permissions.can_manage_people(actor, credential.officer.agency))
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    kind = _CREDENTIAL_TRANSITIONS.get((CredentialStatus(credential.status), status))
    if kind is None:
        raise ValidationError(
            _("A credential that is %(current)s cannot be changed to %(new)s.")
            % {"current": credential.get_status_display(), "new": status.label}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this change.")})
    credential.status = status
    credential.status_reason = reason.strip()
    credential.status_changed_at = timezone.now()
    credential.save(update_fields=["status", "status_reason", "status_changed_at"])
    CredentialEvent.objects.create(
        credential=credential, kind=kind, reason=reason.strip(), actor=actor
    )
    return credential


@transaction.atomic
def record_training(
    *, actor: User, officer: Officer, kind: str, title: str, held_on: dt.date, result: str,
    organiser: str = "", hours: float | int = 0, score: float | None = None,
) -> TrainingRecord:  # fmt: skip
    _require(permissions.can_manage_people(actor, officer.agency))
    record = TrainingRecord(
        officer=officer, kind=kind, title=title, held_on=held_on, result=result,
        organiser=organiser, hours=hours, score=score,
    )  # fmt: skip
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def register_reviewer(
    *, actor: User, agency: Agency, name: str, kind: ReviewerKind, user: User | None = None,
    officer: Officer | None = None, qualification_number: str = "", law_firm: str = "",
    engaged_from: dt.date | None = None, engaged_to: dt.date | None = None,
) -> LegalReviewer:  # fmt: skip
    _require(permissions.can_manage_people(actor, agency))
    if kind == ReviewerKind.ENGAGED_LAWYER and not law_firm.strip():
        raise ValidationError({"law_firm": _("An engaged lawyer must name their law firm.")})
    if officer is not None and officer.agency_id != agency.pk:
        raise ValidationError({"officer": _("The officer belongs to another agency.")})
    if user is not None and user.agency_id != agency.pk:
        raise ValidationError({"user": _("The user account belongs to another agency.")})
    if engaged_from and engaged_to and engaged_to < engaged_from:
        raise ValidationError({"engaged_to": _("The end of engagement is before its start.")})
    reviewer = LegalReviewer(
        agency=agency, name=name, kind=kind, user=user, officer=officer,
        qualification_number=qualification_number, law_firm=law_firm,
        engaged_from=engaged_from, engaged_to=engaged_to,
    )  # fmt: skip
    reviewer.full_clean()
    reviewer.save()
    if user is not None and not user.has_role(Role.REVIEWER):
        _set_roles(user, [*(Role(r) for r in user.roles), Role.REVIEWER])
    return reviewer


@transaction.atomic
def rotate_credential_token(*, actor: User, credential: Credential) -> Credential:
    """Replace the QR code's token (a lost or reprinted card); the old code stops working."""
    _require(permissions.can_manage_people(actor, credential.officer.agency))
    credential.public_token = secrets.token_urlsafe(18)
    credential.save(update_fields=["public_token"])
    return credential


# The power list's services live in their own module; re-exported for one import path.
from sanxiang.agencies.services.powers import (  # noqa: E402, F401
    adjust_power_item,
    establish_power_item,
)
