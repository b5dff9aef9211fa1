"""Admin of publicity: the display-period rule table and agency settings are edited here;
publications are shown for reference (they change only through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sanxiang.publicity.models import DisplayPolicy, Publication, PublicitySettings


@admin.register(DisplayPolicy)
class DisplayPolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "domain_code", "penalty_type", "fine_at_most", "min_months",
                    "max_months", "do_not_publish", "is_active"]  # fmt: skip
    list_filter = ["is_active", "do_not_publish"]


@admin.register(PublicitySettings)
class PublicitySettingsAdmin(admin.ModelAdmin):
    list_display = ["agency", "mask_party_name"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["number", "agency", "status", "due_on", "published_at", "display_until"]
    list_filter = ["status", "category", "agency"]
    search_fields = ["number", "party_name"]
    exclude = ["original_text", "search_text"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
