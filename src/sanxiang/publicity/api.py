"""REST endpoints of publications, assembled under /api/v1/ by the api app (read only).

``publications/``: the token's scope, every status (drafts, published, withdrawn, refused),
through ``selectors.publications_visible_to``. ``public/publications/``: what the portal
shows, to anyone, through ``selectors.public_publications``. Neither ever serves the
original, unredacted text.
"""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from sanxiang.agencies.api import ID, IdFilter
from sanxiang.publicity import selectors
from sanxiang.publicity.choices import PartyCategory, PublicationStatus, PublicCategory
from sanxiang.publicity.models import Publication


class PublicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publication
        fields = [
            "id", "decision", "agency", "public_id", "status", "category", "due_on", "number",
            "party_name", "party_category", "violation", "conclusion", "agency_name",
            "decided_on", "redacted_text", "display_until", "published_at",
            "refusal_reason", "withdrawn_at", "withdrawal_reason", "withdrawal_due_on",
        ]  # fmt: skip


class PublicPublicationSerializer(serializers.ModelSerializer):
    agency_code = serializers.CharField(source="agency.code", read_only=True)

    class Meta:
        model = Publication
        fields = [
            "public_id", "agency_code", "agency_name", "category", "number", "party_name",
            "party_category", "violation", "conclusion", "decided_on", "redacted_text",
            "display_until", "published_at",
        ]  # fmt: skip


class PublicationFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="agency_id")
    status = django_filters.ChoiceFilter(choices=PublicationStatus.choices)
    category = django_filters.ChoiceFilter(choices=PublicCategory.choices)
    party_category = django_filters.ChoiceFilter(choices=PartyCategory.choices)
    decided_from = django_filters.DateFilter(field_name="decided_on", lookup_expr="gte")
    decided_to = django_filters.DateFilter(field_name="decided_on", lookup_expr="lte")

    class Meta:
        model = Publication
        fields = ["agency", "status", "category", "party_category", "decided_from",
                  "decided_to"]  # fmt: skip


class PublicPublicationFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=PublicCategory.choices)
    decided_from = django_filters.DateFilter(field_name="decided_on", lookup_expr="gte")
    decided_to = django_filters.DateFilter(field_name="decided_on", lookup_expr="lte")

    class Meta:
        model = Publication
        fields = ["category", "decided_from", "decided_to"]


class PublicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Publications of the token's agencies, in every status."""

    serializer_class = PublicationSerializer
    filterset_class = PublicationFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Publication]:
        return selectors.publications_visible_to(user=self.request.user).order_by(
            "-decided_on", "-pk"
        )


class PublicPublicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Decisions shown on the portal now (双公示), by their public identifier."""

    serializer_class = PublicPublicationSerializer
    filterset_class = PublicPublicationFilter
    permission_classes = [AllowAny]
    lookup_field = "public_id"
    lookup_value_regex = r"[0-9a-f]{1,16}"

    def get_queryset(self) -> QuerySet[Publication]:
        return (
            selectors.public_publications()
            .select_related("agency")
            .order_by("-published_at", "-pk")
        )


routes = [
    ("publications", PublicationViewSet, "publication"),
    ("public/publications", PublicPublicationViewSet, "public-publication"),
]
