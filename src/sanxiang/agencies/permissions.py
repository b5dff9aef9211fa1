"""Who may do what to agencies and people (one function per action)."""

from __future__ import annotations

from typing import Any

from sanxiang.agencies.models import Agency
from sanxiang.core.roles import Role


def can_manage_people(user: Any, agency: Agency) -> bool:
    """Register officers, issue credentials, record trainings: the agency's administrator."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.has_role(Role.ADMIN) and user.agency_id == agency.pk


def can_manage_agency(user: Any, agency: Agency) -> bool:
    """Edit an agency's public particulars: its own administrator, or a superuser."""
    return can_manage_people(user, agency)


def can_create_agency(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def can_manage_power_list(user: Any, agency: Agency) -> bool:
    """Record adjustments of the power list (立改废释), guides and windows: the agency's
    administrator, or a superuser."""
    return can_manage_people(user, agency)


def can_read_security_events(user: Any) -> bool:
    """Security events (安全审计): superusers, and an agency's administrators and supervisors
    for the agencies in their scope."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or user.has_role(Role.ADMIN) or user.has_role(Role.SUPERVISOR))
