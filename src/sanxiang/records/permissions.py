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
