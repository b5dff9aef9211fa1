"""Admin of supervision: warnings are read here; they are handled in the workbench."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sanxiang.supervision.models import ReportSchedule, Warning, WarningEvent


class WarningEventInline(admin.TabularInline):
    model = WarningEvent
    extra = 0
    readonly_fields = ["kind", "note", "actor", "at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Warning)
class WarningAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "kind", "level", "status", "due_on"]
    list_filter = ["level", "status", "kind", "agency"]
    inlines = [WarningEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReportSchedule)
class ReportScheduleAdmin(admin.ModelAdmin):
    """An agency's own due date for its annual report (else SANXIANG_SUPERVISION_REPORT_DUE)."""

    list_display = ["agency", "due_month", "due_day"]
