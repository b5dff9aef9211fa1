"""Admin of legal review: read-only; every change goes through the services."""

from __future__ import annotations

from django.contrib import admin

from sanxiang.core.admin_readonly import ReadOnlyAdmin
from sanxiang.review.models import Applicability, Opinion, Review, ReviewCatalogue


@admin.register(ReviewCatalogue)
class ReviewCatalogueAdmin(ReadOnlyAdmin):
    list_display = ["agency", "version", "title", "effective_from"]


@admin.register(Applicability)
class ApplicabilityAdmin(ReadOnlyAdmin):
    list_display = ["case", "required", "assessed_by", "assessed_at"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["case", "version", "status", "due_on", "reviewer"]
    list_filter = ["status"]


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyAdmin):
    list_display = ["review", "kind", "reviewer", "given_at"]
