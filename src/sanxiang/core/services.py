"""Core writes: the holiday notices behind the working-day calendar.

Only system administrators change notices. Every write clears the calendar's year cache,
at once and again on commit, so that the next deadline computed uses the new days.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.core import holidays
from sanxiang.core.models import CalendarDay, HolidayNotice
from sanxiang.core.roles import Role


def can_manage_calendar(user: Any) -> bool:
    """Superusers and system administrators (Role.ADMIN) keep the holiday notices."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or user.has_role(Role.ADMIN))


def _check(actor: Any) -> None:
    if not can_manage_calendar(actor):
        raise PermissionDenied(_("Only a system administrator may change holiday notices."))


def _calendar_changed() -> None:
    holidays.invalidate()
    transaction.on_commit(holidays.invalidate)


def save_holiday_notice(*, actor: Any, notice: HolidayNotice) -> HolidayNotice:
    """Create or update a notice (its days are saved by ``save_calendar_days``)."""
    _check(actor)
    notice.full_clean()
    with transaction.atomic():
        notice.save()
        _calendar_changed()
    return notice


def save_calendar_days(
    *,
    actor: Any,
    notice: HolidayNotice,
    days: Iterable[CalendarDay],
    deleted: Iterable[CalendarDay] = (),
) -> None:
    """Save a notice's new or changed days and delete the removed ones, in one transaction."""
    _check(actor)
    with transaction.atomic():
        for day in deleted:
            if day.pk is not None:
                day.delete()
        for day in days:
            day.notice = notice
            day.full_clean()
            day.save()
        _calendar_changed()


def delete_holiday_notice(*, actor: Any, notice: HolidayNotice) -> None:
    """Delete a notice and its days (a notice amended by another cannot be deleted first)."""
    _check(actor)
    with transaction.atomic():
        notice.delete()
        _calendar_changed()
