"""Admin of records: the list of acts to record (音像记录事项清单) is data an admin edits."""

from __future__ import annotations

from django.contrib import admin

from sanxiang.records.models import RecordingRule


@admin.register(RecordingRule)
class RecordingRuleAdmin(admin.ModelAdmin):
    list_display = ["act_kind", "service_method", "requirement", "basis", "is_active"]
    list_filter = ["requirement", "is_active"]
