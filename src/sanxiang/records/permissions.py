"""Who may do what with records."""

from __future__ import annotations

from typing import Any

from sanxiang.cases.models import Case
from sanxiang.cases.permissions import can_handle
from sanxiang.core.roles import Role


def can_upload(user: Any, case: Case) -> bool:
    """Upload recordings: the case's handling officers, while the case file is open."""
    return can_handle(user, case) and not case.is_frozen


def can_read_access_log(user: Any, case: Case) -> bool:
    """The access log of a case: supervisors in scope (who see the case at all), the head."""
    if user.is_superuser or user.has_role(Role.SUPERVISOR):
        return True
    return bool(user.agency_id == case.agency_id and user.has_role(Role.HEAD))


def can_write_records(user: Any, case: Case) -> bool:
    """Make documents and add evidence: the case's handling officers."""
    return can_handle(user, case)


def can_manage_templates(user: Any, agency: Any) -> bool:
    """Upload adapted templates: the agency's head or administrator."""
    if not (user.is_authenticated and user.is_active and user.agency_id == agency.pk):
        return False
    return bool(user.has_role(Role.HEAD) or user.has_role(Role.ADMIN))


def can_record_filing(user: Any, agency: Any) -> bool:
    """Record a template's filing (备案): the agency's head or admin, or its supervisor."""
    if can_manage_templates(user, agency):
        return True
    return bool(
        user.is_authenticated
        and user.has_role(Role.SUPERVISOR)
        and user.agency_id is not None
        and user.agency_id == agency.supervising_agency_id
    )
