"""REST endpoints of cases, assembled under /api/v1/ by the api app (read only).

Through this app's selectors (``register_rows``: the workbench's visibility rule, parties,
officers and extensions loaded) and ``deadlines``. Parties are shown without ID numbers,
addresses or telephones; the case's facts stay in the workbench.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from sanxiang.agencies.api import ID, IdFilter
from sanxiang.agencies.choices import PowerCategory
from sanxiang.cases import deadlines, selectors
from sanxiang.cases.choices import ActKind, ActStatus, DeadlineKind, Procedure, Stage
from sanxiang.cases.models import Act, Case
from sanxiang.core.worklist import Urgency


class CasePartySerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    uscc = serializers.CharField(help_text="统一社会信用代码（组织）/ organisations' credit code")
    legal_representative = serializers.CharField()


class CaseOfficerSerializer(serializers.Serializer):
    officer = serializers.IntegerField()
    name = serializers.CharField()
    is_lead = serializers.BooleanField()


class DeadlineSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DeadlineKind.choices)
    purpose = serializers.CharField()
    due = serializers.DateField()
    urgency = serializers.ChoiceField(choices=Urgency.choices)


class CaseSerializer(serializers.ModelSerializer):
    parties = serializers.SerializerMethodField()
    officers = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id", "agency", "number", "year", "power_item", "category", "procedure", "title",
            "source", "place", "stage", "stage_changed_at", "filed_on", "notified_on",
            "decided_on", "served_on", "closed_on", "archived_on", "parties", "officers",
            "deadlines",
        ]  # fmt: skip

    @extend_schema_field(CasePartySerializer(many=True))
    def get_parties(self, case: Case) -> list[dict[str, Any]]:
        # Never the ID number, address or telephone.
        return [
            {"name": link.party.name, "kind": link.party.kind, "uscc": link.party.uscc,
             "legal_representative": link.party.legal_representative}
            for link in case.case_parties.all()
        ]  # fmt: skip

    @extend_schema_field(CaseOfficerSerializer(many=True))
    def get_officers(self, case: Case) -> list[dict[str, Any]]:
        return [
            {"officer": link.officer_id, "name": link.officer.name, "is_lead": link.is_lead}
            for link in case.case_officers.all()
        ]

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, case: Case) -> list[dict[str, Any]]:
        today = timezone.localdate()
        return [
            {"kind": d.kind, "purpose": str(d.purpose), "due": d.due,
             "urgency": d.urgency(today)}
            for d in deadlines.deadlines_for(case)
        ]  # fmt: skip


class CaseFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="agency_id")
    stage = django_filters.ChoiceFilter(choices=Stage.choices)
    category = django_filters.ChoiceFilter(choices=PowerCategory.choices)
    procedure = django_filters.ChoiceFilter(choices=Procedure.choices)
    number = django_filters.CharFilter(max_length=60)
    filed_from = django_filters.DateFilter(field_name="filed_on", lookup_expr="gte")
    filed_to = django_filters.DateFilter(field_name="filed_on", lookup_expr="lte")

    class Meta:
        model = Case
        fields = ["agency", "stage", "category", "procedure", "number", "filed_from", "filed_to"]


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cases in the token's scope, with their stage and the time limits running now."""

    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Case]:
        return selectors.register_rows(user=self.request.user).order_by("-filed_on", "-pk")


def acts_visible_to(*, user: Any) -> QuerySet[Act]:
    """Acts of the cases the user sees (the workbench's rule, ``cases_visible_to``)."""
    return Act.objects.filter(case__in=selectors.cases_visible_to(user=user)).select_related("case")


class ActSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    agency = serializers.IntegerField(source="case.agency_id", read_only=True)

    class Meta:
        model = Act
        fields = [
            "id", "case", "case_number", "agency", "kind", "status", "started_at", "ended_at",
            "place", "summary", "outcome", "service_method", "recorded_at", "completed_at",
            "ledger_seq",
        ]  # fmt: skip


class ActFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="case__agency_id")
    case = IdFilter(field_name="case_id")
    kind = django_filters.ChoiceFilter(choices=ActKind.choices)
    status = django_filters.ChoiceFilter(choices=ActStatus.choices)
    started_from = django_filters.DateFilter(field_name="started_at", lookup_expr="date__gte")
    started_to = django_filters.DateFilter(field_name="started_at", lookup_expr="date__lte")

    class Meta:
        model = Act
        fields = ["agency", "case", "kind", "status", "started_from", "started_to"]


class ActViewSet(viewsets.ReadOnlyModelViewSet):
    """Enforcement acts (执法行为: inspections, notices, hearings…) of the cases in scope."""

    serializer_class = ActSerializer
    filterset_class = ActFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Act]:
        return acts_visible_to(user=self.request.user).order_by("-started_at", "-pk")


routes = [("cases", CaseViewSet, "case"), ("acts", ActViewSet, "act")]
