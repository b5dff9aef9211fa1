"""REST endpoints of decisions, assembled under /api/v1/ by the api app (read only).

Through ``selectors.decisions_visible_to`` (the cases' visibility rule). The facts, which
name and locate people, stay in the workbench; the published, redacted version is served by
the publicity endpoints.
"""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from sanxiang.agencies.api import ID, IdFilter
from sanxiang.decisions import deadlines, selectors
from sanxiang.decisions.choices import DecisionStatus, PaymentStatus
from sanxiang.decisions.models import Decision

NULLABLE_DATE = {"type": "string", "format": "date", "nullable": True}


class DecisionSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    deemed_served_on = serializers.SerializerMethodField(
        help_text="视为送达日期 / the day the decision counts as received (null: not served)"
    )
    payment_due = serializers.SerializerMethodField(
        help_text="缴款期限 / the next date by which more of the fine is due (null: none)"
    )
    surcharge = serializers.SerializerMethodField(
        help_text="加处罚款 / late-payment surcharge owed today (行政处罚法 第七十二条)"
    )

    @extend_schema_field(NULLABLE_DATE)
    def get_deemed_served_on(self, decision: Decision) -> str | None:
        served = deadlines.deemed_served_on(decision)
        return served.isoformat() if served else None

    @extend_schema_field(NULLABLE_DATE)
    def get_payment_due(self, decision: Decision) -> str | None:
        due = deadlines.payment_deadline(decision)
        return due.due.isoformat() if due else None

    @extend_schema_field({"type": "string", "format": "decimal", "example": "60.00"})
    def get_surcharge(self, decision: Decision) -> str:
        return str(deadlines.surcharge(decision))

    class Meta:
        model = Decision
        fields = [
            "id", "case", "case_number", "agency", "number", "category", "content",
            "penalty_types", "fine_amount", "confiscation_amount", "legal_basis",
            "decided_on", "review_required", "status", "payment_status", "created_at",
            "deemed_served_on", "payment_due", "surcharge",
        ]  # fmt: skip


class DecisionFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="agency_id")
    case = IdFilter(field_name="case_id")
    status = django_filters.ChoiceFilter(choices=DecisionStatus.choices)
    payment_status = django_filters.ChoiceFilter(choices=PaymentStatus.choices)
    decided_from = django_filters.DateFilter(field_name="decided_on", lookup_expr="gte")
    decided_to = django_filters.DateFilter(field_name="decided_on", lookup_expr="lte")

    class Meta:
        model = Decision
        fields = ["agency", "case", "status", "payment_status", "decided_from", "decided_to"]


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Decisions of the cases in the token's scope."""

    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Decision]:
        return selectors.decisions_visible_to(user=self.request.user).order_by("-decided_on", "-pk")


routes = [("decisions", DecisionViewSet, "decision")]
