"""Who may see and handle warnings."""

from __future__ import annotations

from typing import Any

from sanxiang.core.roles import Role
from sanxiang.supervision.models import Warning

WATCHERS = (Role.SUPERVISOR, Role.HEAD, Role.ADMIN)


def can_watch(user: Any) -> bool:
    """Supervisors, heads and administrators see warnings (in their scope)."""
    return bool(user.is_authenticated and (user.is_superuser or any(map(user.has_role, WATCHERS))))


def can_urge(user: Any, warning: Warning) -> bool:
    """督办: the supervising body presses the agency to act."""
    return bool(user.is_superuser or user.has_role(Role.SUPERVISOR))


def can_handle(user: Any, warning: Warning) -> bool:
    """The agency's head or administrator acknowledges and resolves its warnings."""
    if user.is_superuser:
        return True
    own = user.agency_id == warning.agency_id
    return own and (user.has_role(Role.HEAD) or user.has_role(Role.ADMIN))


def can_prepare_report(user: Any, agency_id: int) -> bool:
    """The agency's head or administrator prepares and publishes its annual report."""
    if user.is_superuser:
        return True
    own = user.is_authenticated and user.agency_id == agency_id
    return bool(own and (user.has_role(Role.HEAD) or user.has_role(Role.ADMIN)))
