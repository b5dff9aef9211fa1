"""REST endpoints of supervision warnings, assembled under /api/v1/ by the api app.

Through ``selectors.warnings_visible_to``: as in the workbench, only watchers see warnings,
which for tokens means supervisor tokens (an agency token's list is empty).
"""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from sanxiang.agencies.api import ID, IdFilter
from sanxiang.supervision import selectors
from sanxiang.supervision.choices import WarningKind, WarningLevel, WarningStatus
from sanxiang.supervision.models import Warning


class WarningSerializer(serializers.ModelSerializer):
    class Meta:
        model = Warning
        fields = [
            "id", "agency", "kind", "level", "status", "title", "details", "due_on",
            "is_active", "first_raised_at", "last_seen_at", "resolved_at",
        ]  # fmt: skip


class WarningFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="agency_id")
    kind = django_filters.ChoiceFilter(choices=WarningKind.choices)
    level = django_filters.ChoiceFilter(choices=WarningLevel.choices)
    status = django_filters.ChoiceFilter(choices=WarningStatus.choices)

    class Meta:
        model = Warning
        fields = ["agency", "kind", "level", "status", "is_active"]


class WarningViewSet(viewsets.ReadOnlyModelViewSet):
    """Warnings (预警) of the agencies a supervisor token watches."""

    serializer_class = WarningSerializer
    filterset_class = WarningFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Warning]:
        return selectors.warnings_visible_to(user=self.request.user).order_by(
            "-last_seen_at", "-pk"
        )


routes = [("warnings", WarningViewSet, "warning")]
