"""Admin of legal review: read-only; every change goes through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sanxiang.review.models import Applicability, Opinion, Review, ReviewCatalogue


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReviewCatalogue)
class ReviewCatalogueAdmin(ReadOnly):
    list_display = ["agency", "version", "title", "effective_from"]


@admin.register(Applicability)
class ApplicabilityAdmin(ReadOnly):
    list_display = ["case", "required", "assessed_by", "assessed_at"]


@admin.register(Review)
class ReviewAdmin(ReadOnly):
    list_display = ["case", "version", "status", "due_on", "reviewer"]
    list_filter = ["status"]


@admin.register(Opinion)
class OpinionAdmin(ReadOnly):
    list_display = ["review", "kind", "reviewer", "given_at"]
