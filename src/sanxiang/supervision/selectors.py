"""Reads of warnings, with the agencies' visibility rule."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sanxiang.agencies.selectors import visible_agency_ids
from sanxiang.supervision import permissions
from sanxiang.supervision.choices import WarningStatus
from sanxiang.supervision.models import Warning


def warnings_visible_to(*, user: Any) -> QuerySet[Warning]:
    if not permissions.can_watch(user):
        return Warning.objects.none()
    warnings = Warning.objects.select_related("agency")
    scope = visible_agency_ids(user=user)
    return warnings if scope is None else warnings.filter(agency__in=scope)


def open_warnings_visible_to(*, user: Any) -> QuerySet[Warning]:
    return warnings_visible_to(user=user).exclude(status=WarningStatus.RESOLVED)


def get_warning_for_user(*, user: Any, warning_id: int) -> Warning:
    try:
        return warnings_visible_to(user=user).get(pk=warning_id)
    except Warning.DoesNotExist as exc:
        raise Http404 from exc
