"""Who may do what in publicity (one function per action)."""

from __future__ import annotations

from typing import Any

from sanxiang.agencies.models import Agency
from sanxiang.cases.models import Case
from sanxiang.core.roles import Role


def _staff_of(user: Any, agency_id: int) -> bool:
    return bool(user.is_authenticated and user.is_active and user.agency_id == agency_id)


def can_publish(user: Any, agency: Agency) -> bool:
    """Check redaction, publish and withdraw: the agency's publisher."""
    return _staff_of(user, agency.pk) and user.has_role(Role.PUBLISHER)


def can_see_publications(user: Any, agency: Agency) -> bool:
    return _staff_of(user, agency.pk) and (
        user.has_role(Role.PUBLISHER) or user.has_role(Role.HEAD) or user.has_role(Role.ADMIN)
    )


def can_issue_progress_code(user: Any, case: Case) -> bool:
    """Give the party a look-up code: the agency's staff who file and handle cases."""
    return _staff_of(user, case.agency_id) and (
        user.has_role(Role.OFFICER) or user.has_role(Role.ADMIN) or user.has_role(Role.HEAD)
    )
