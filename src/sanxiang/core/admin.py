"""Admin for the holiday notices: enter next year's notice the day it is published.

Writes go through ``sanxiang.core.services`` (permission check, validation, cache
invalidation); the admin only collects the input.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Count, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sanxiang.core import services
from sanxiang.core.admin_readonly import ReadOnlyAdmin
from sanxiang.core.models import CalendarDay, HolidayNotice, SecurityEvent


class _CalendarAdminPermissions:
    """Superusers and system administrators (Role.ADMIN) keep the calendar."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return services.can_manage_calendar(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return services.can_manage_calendar(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return services.can_manage_calendar(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return services.can_manage_calendar(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return services.can_manage_calendar(request.user)


class CalendarDayInline(_CalendarAdminPermissions, admin.TabularInline):
    model = CalendarDay
    fields = ["date", "kind", "festival"]
    extra = 3


@admin.register(HolidayNotice)
class HolidayNoticeAdmin(_CalendarAdminPermissions, admin.ModelAdmin):
    list_display = ["year", "document_number", "title", "published_on", "amends", "day_count"]
    list_display_links = ["document_number"]
    list_filter = ["year"]
    search_fields = ["document_number", "title"]
    ordering = ["-year", "published_on"]
    fields = ["year", "title", "document_number", "issued_on", "published_on", "amends", "url"]
    autocomplete_fields = ["amends"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [CalendarDayInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[HolidayNotice]:
        return super().get_queryset(request).select_related("amends").annotate(_days=Count("days"))

    @admin.display(description=_("days set"), ordering="_days")
    def day_count(self, obj: HolidayNotice) -> int:
        return int(getattr(obj, "_days", 0))

    def save_model(
        self, request: HttpRequest, obj: HolidayNotice, form: ModelForm, change: bool
    ) -> None:
        services.save_holiday_notice(actor=request.user, notice=obj)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        days = formset.save(commit=False)
        services.save_calendar_days(
            actor=request.user,
            notice=form.instance,
            days=days,
            deleted=formset.deleted_objects,
        )

    def delete_model(self, request: HttpRequest, obj: HolidayNotice) -> None:
        services.delete_holiday_notice(actor=request.user, notice=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[HolidayNotice]) -> None:
        # Amendments first: an original notice is protected while an amendment points at it.
        for notice in queryset.order_by("-published_on"):
            services.delete_holiday_notice(actor=request.user, notice=notice)


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    """Security events are append-only: read here or on the workbench's security page."""

    list_display = ["at", "kind_label", "username", "address", "path"]
    list_filter = ["kind"]
    search_fields = ["username", "address", "path"]
    date_hierarchy = "at"

    @admin.display(description=_("event"), ordering="kind")
    def kind_label(self, obj: SecurityEvent) -> str:
        return obj.kind_label
