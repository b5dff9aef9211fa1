"""REST endpoints of agencies and people, assembled under /api/v1/ by the api app.

Reads only, through this app's selectors (and the api app's scoped additions, reached via the
``user`` DRF puts on the request: a token answers like a user of its agency). Errors,
pagination, authentication and the default "agency token required" permission come from the
REST_FRAMEWORK settings, so this module needs nothing from the later ``api`` app.
An officer's ID number is never serialised.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sanxiang.agencies import selectors
from sanxiang.agencies.choices import (
    AgencyKind,
    CredentialState,
    CredentialStatus,
    OfficerStatus,
    PowerCategory,
    ReviewerKind,
    TrainingKind,
)
from sanxiang.agencies.models import (
    Agency,
    Credential,
    CredentialEvent,
    Department,
    DiscretionRule,
    EnforcementDomain,
    LegalReviewer,
    Officer,
    PowerItem,
    PowerItemVersion,
    TrainingRecord,
)

# Path ids: digits only, at most 18 (a 64-bit integer); anything else is the API's 404.
ID = r"[0-9]{1,18}"


class IdFilter(django_filters.Filter):
    """An id in a query: a whole number that fits the database's 64-bit column, else 400."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


# Scoped lists that agencies.selectors has no function for; each applies its one rule,
# ``visible_agency_ids``, exactly as the ``*_visible_to`` selectors there do.


def departments_visible_to(*, user: Any) -> QuerySet[Department]:
    departments = Department.objects.select_related("agency")
    scope = selectors.visible_agency_ids(user=user)
    return departments if scope is None else departments.filter(agency__in=scope)


def credentials_visible_to(*, user: Any) -> QuerySet[Credential]:
    credentials = Credential.objects.select_related("officer__agency")
    scope = selectors.visible_agency_ids(user=user)
    return credentials if scope is None else credentials.filter(officer__agency__in=scope)


def trainings_visible_to(*, user: Any) -> QuerySet[TrainingRecord]:
    trainings = TrainingRecord.objects.select_related("officer__agency")
    scope = selectors.visible_agency_ids(user=user)
    return trainings if scope is None else trainings.filter(officer__agency__in=scope)


# --- serializers ------------------------------------------------------------------------


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = [
            "id", "code", "name", "short_name", "kind", "uscc", "parent", "supervising_agency",
            "entrusting_agency", "legal_basis", "duties", "powers_summary", "address", "phone",
            "office_hours", "reconsideration_body", "competent_court", "complaint_phone",
            "complaint_address", "is_public", "created_at", "updated_at",
        ]  # fmt: skip


class PublicAgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = [
            "code", "name", "short_name", "kind", "uscc", "legal_basis", "duties",
            "powers_summary", "address", "phone", "office_hours", "reconsideration_body",
            "competent_court", "complaint_phone", "complaint_address",
        ]  # fmt: skip


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "agency", "name", "duties", "is_review_body", "order"]


class OfficerSerializer(serializers.ModelSerializer):
    domains: serializers.SlugRelatedField[EnforcementDomain] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = Officer
        # Never "id_number": kept internal (the model's help text, and the portal's rule).
        fields = ["id", "agency", "department", "name", "position", "status", "domains",
                  "created_at"]  # fmt: skip


class CredentialEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = CredentialEvent
        fields = ["kind", "reason", "actor", "at"]

    def get_actor(self, event: CredentialEvent) -> str | None:
        return str(event.actor) if event.actor_id else None


class CredentialSerializer(serializers.ModelSerializer):
    agency = serializers.IntegerField(source="officer.agency_id", read_only=True)
    officer_name = serializers.CharField(source="officer.name", read_only=True)
    domains: serializers.SlugRelatedField[EnforcementDomain] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    state = serializers.SerializerMethodField()
    events = CredentialEventSerializer(many=True, read_only=True)

    class Meta:
        model = Credential
        fields = [
            "id", "officer", "officer_name", "agency", "number", "issuer", "issuing_authority",
            "domains", "valid_from", "valid_to", "status", "status_reason", "status_changed_at",
            "state", "events",
        ]  # fmt: skip

    @extend_schema_field(serializers.ChoiceField(choices=CredentialState.choices))
    def get_state(self, credential: Credential) -> str:
        return str(selectors.credential_state_today(credential).value)


class PublicCredentialSerializer(serializers.ModelSerializer):
    officer_name = serializers.CharField(source="officer.name", read_only=True)
    agency_code = serializers.CharField(source="officer.agency.code", read_only=True)
    agency_name = serializers.CharField(source="officer.agency.name", read_only=True)
    domains: serializers.SlugRelatedField[EnforcementDomain] = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True
    )
    state = serializers.SerializerMethodField()

    class Meta:
        model = Credential
        fields = ["number", "officer_name", "agency_code", "agency_name", "issuer",
                  "issuing_authority", "domains", "valid_from", "valid_to", "state"]  # fmt: skip

    @extend_schema_field(serializers.ChoiceField(choices=CredentialState.choices))
    def get_state(self, credential: Credential) -> str:
        return str(selectors.credential_state_today(credential).value)


class LegalReviewerSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalReviewer
        fields = ["id", "agency", "name", "kind", "officer", "qualification_number", "law_firm",
                  "engaged_from", "engaged_to", "is_active"]  # fmt: skip


class TrainingRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingRecord
        fields = ["id", "officer", "kind", "title", "organiser", "held_on", "hours", "result",
                  "score"]  # fmt: skip


class DiscretionRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = DiscretionRule
        fields = ["order", "level", "circumstances", "fine_min", "fine_max", "other_penalty"]


class PowerItemVersionSerializer(serializers.ModelSerializer):
    """One version of a power item (立/改/废/释), with its discretion standard."""

    domain = serializers.CharField(source="domain.code", read_only=True)
    discretion_rules = DiscretionRuleSerializer(many=True, read_only=True)

    class Meta:
        model = PowerItemVersion
        fields = [
            "number", "change_kind", "reason", "effective_on", "approver", "code", "name",
            "category", "domain", "legal_basis", "responsible_unit", "procedure",
            "time_limit", "remedy", "discretion_rules", "recorded_at", "ledger_seq",
        ]  # fmt: skip


class PowerItemSerializer(serializers.ModelSerializer):
    domain = serializers.CharField(source="domain.code", read_only=True)
    agency_code = serializers.CharField(source="agency.code", read_only=True)
    current_version = PowerItemVersionSerializer(read_only=True, allow_null=True)

    class Meta:
        model = PowerItem
        fields = ["id", "agency", "agency_code", "code", "name", "category", "domain",
                  "legal_basis", "is_active", "current_version"]  # fmt: skip


class PublicPowerItemSerializer(serializers.ModelSerializer):
    domain = serializers.CharField(source="domain.code", read_only=True)
    agency_code = serializers.CharField(source="agency.code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    current_version = PowerItemVersionSerializer(read_only=True)

    class Meta:
        model = PowerItem
        fields = ["agency_code", "agency_name", "code", "name", "category", "domain",
                  "is_active", "current_version"]  # fmt: skip


# --- filters ----------------------------------------------------------------------------


class AgencyFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices)
    supervising_agency = IdFilter(field_name="supervising_agency_id")

    class Meta:
        model = Agency
        fields = ["kind", "supervising_agency"]


class DepartmentFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="agency_id")

    class Meta:
        model = Department
        fields = ["agency", "is_review_body"]


class OfficerFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="agency_id")
    department = IdFilter(field_name="department_id")
    status = django_filters.ChoiceFilter(choices=OfficerStatus.choices)
    name = django_filters.CharFilter(lookup_expr="icontains", max_length=50)

    class Meta:
        model = Officer
        fields = ["agency", "department", "status", "name"]


class CredentialFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="officer__agency_id")
    officer = IdFilter(field_name="officer_id")
    status = django_filters.ChoiceFilter(choices=CredentialStatus.choices)
    number = django_filters.CharFilter(max_length=40)
    valid_to_before = django_filters.DateFilter(
        field_name="valid_to", lookup_expr="lte", label=_("valid to, on or before")
    )

    class Meta:
        model = Credential
        fields = ["agency", "officer", "status", "number", "valid_to_before"]


class LegalReviewerFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="agency_id")
    kind = django_filters.ChoiceFilter(choices=ReviewerKind.choices)

    class Meta:
        model = LegalReviewer
        fields = ["agency", "kind", "is_active"]


class TrainingRecordFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="officer__agency_id")
    officer = IdFilter(field_name="officer_id")
    kind = django_filters.ChoiceFilter(choices=TrainingKind.choices)
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte")
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte")

    class Meta:
        model = TrainingRecord
        fields = ["agency", "officer", "kind", "held_from", "held_to"]


class PowerItemFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="agency_id")
    category = django_filters.ChoiceFilter(choices=PowerCategory.choices)
    code = django_filters.CharFilter(max_length=40)
    q = django_filters.CharFilter(method="search", max_length=100, label=_("code, name or basis"))

    class Meta:
        model = PowerItem
        fields = ["agency", "category", "code", "is_active", "q"]

    def search(self, items: QuerySet[PowerItem], name: str, value: str) -> QuerySet[PowerItem]:
        return selectors.search_power_items(items, value)


class PublicPowerItemFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(field_name="agency__code", max_length=64)
    category = django_filters.ChoiceFilter(choices=PowerCategory.choices)
    q = django_filters.CharFilter(method="search", max_length=100, label=_("code, name or basis"))

    class Meta:
        model = PowerItem
        fields = ["agency", "category", "q"]

    def search(self, items: QuerySet[PowerItem], name: str, value: str) -> QuerySet[PowerItem]:
        return selectors.search_power_items(items, value)


def _versions(item: PowerItem) -> list[PowerItemVersion]:
    """The item's versions, oldest first, through the selector the history pages use."""
    return [version for version, _changes in selectors.power_item_history(item=item)][::-1]


# --- viewsets: agency and supervisor tokens ---------------------------------------------


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies visible to the token: its own, and for a supervisor those it supervises."""

    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Agency]:
        return selectors.agencies_visible_to(user=self.request.user).order_by("name", "pk")


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Department]:
        return departments_visible_to(user=self.request.user).order_by("agency", "order", "pk")


class OfficerViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OfficerSerializer
    filterset_class = OfficerFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Officer]:
        officers = selectors.officers_visible_to(user=self.request.user)
        return officers.prefetch_related("domains").order_by("agency", "name", "pk")


class CredentialViewSet(viewsets.ReadOnlyModelViewSet):
    """Credentials with their history of events (issue, suspension, restoration, revocation)."""

    serializer_class = CredentialSerializer
    filterset_class = CredentialFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Credential]:
        events = CredentialEvent.objects.select_related("actor").order_by("at", "pk")
        return (
            credentials_visible_to(user=self.request.user)
            .prefetch_related("domains", Prefetch("events", queryset=events))
            .order_by("officer", "-valid_to", "pk")
        )


class LegalReviewerViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = LegalReviewerSerializer
    filterset_class = LegalReviewerFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[LegalReviewer]:
        return selectors.reviewers_visible_to(user=self.request.user).order_by("agency", "pk")


class TrainingRecordViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TrainingRecordSerializer
    filterset_class = TrainingRecordFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[TrainingRecord]:
        return trainings_visible_to(user=self.request.user).order_by("officer", "-held_on", "pk")


class PowerItemViewSet(viewsets.ReadOnlyModelViewSet):
    """The power list (权责清单) of the agencies in scope, in force or abolished."""

    serializer_class = PowerItemSerializer
    filterset_class = PowerItemFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[PowerItem]:
        rules = DiscretionRule.objects.order_by("order", "pk")
        return (
            selectors.power_items_visible_to(user=self.request.user)
            .select_related("current_version__domain")
            .prefetch_related(Prefetch("current_version__discretion_rules", queryset=rules))
            .order_by("agency", "code", "pk")
        )

    @extend_schema(responses=PowerItemVersionSerializer(many=True), filters=False)
    @action(detail=True, pagination_class=None, filterset_class=None)
    def versions(self, request: Request, pk: str) -> Response:
        """Every version of the item (立/改/废/释), oldest first."""
        item = selectors.get_power_item_for_user(user=request.user, item_id=int(pk))
        return Response(PowerItemVersionSerializer(_versions(item), many=True).data)


# --- viewsets: public, anonymous or any token -------------------------------------------


class PublicAgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies shown on the portal (事前公示: who enforces, on what basis, how to complain)."""

    serializer_class = PublicAgencySerializer
    permission_classes = [AllowAny]
    filterset_class = AgencyFilter
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,64}"

    def get_queryset(self) -> QuerySet[Agency]:
        return selectors.public_agencies().order_by("name", "pk")


class PublicCredentialViewSet(viewsets.GenericViewSet):
    """Verify an officer's credential by its number, as a citizen does on the portal."""

    serializer_class = PublicCredentialSerializer
    permission_classes = [AllowAny]
    lookup_field = "number"
    lookup_value_regex = r"[\w-]{1,40}"

    def get_queryset(self) -> QuerySet[Credential]:
        return Credential.objects.none()

    def retrieve(self, request: Request, number: str) -> Response:
        credential = selectors.public_credential_by_number(number=number)
        if credential is None:
            raise Http404
        return Response(self.get_serializer(credential).data)


class PublicPowerItemViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The current power list as the portal shows it (items in force of public agencies)."""

    serializer_class = PublicPowerItemSerializer
    permission_classes = [AllowAny]
    filterset_class = PublicPowerItemFilter

    def get_queryset(self) -> QuerySet[PowerItem]:
        rules = DiscretionRule.objects.order_by("order", "pk")
        return selectors.public_power_items().prefetch_related(
            Prefetch("current_version__discretion_rules", queryset=rules)
        )


def _public_item(agency_code: str, code: str) -> PowerItem:
    item = selectors.public_power_item(agency_code=agency_code, code=code)
    if item is None:
        raise Http404
    return item


class PublicPowerItemView(APIView):
    """One published item by its public address, in force or abolished."""

    permission_classes = [AllowAny]

    @extend_schema(operation_id="public_power_items_retrieve", tags=["public"],
                   responses=PublicPowerItemSerializer)  # fmt: skip
    def get(self, request: Request, agency_code: str, code: str) -> Response:
        return Response(PublicPowerItemSerializer(_public_item(agency_code, code)).data)


class PublicPowerItemVersionsView(APIView):
    """The item's history: every version (立/改/废/释), oldest first."""

    permission_classes = [AllowAny]

    @extend_schema(operation_id="public_power_items_versions", tags=["public"],
                   responses=PowerItemVersionSerializer(many=True))  # fmt: skip
    def get(self, request: Request, agency_code: str, code: str) -> Response:
        versions = _versions(_public_item(agency_code, code))
        return Response(PowerItemVersionSerializer(versions, many=True).data)


routes = [
    ("agencies", AgencyViewSet, "agency"),
    ("departments", DepartmentViewSet, "department"),
    ("officers", OfficerViewSet, "officer"),
    ("credentials", CredentialViewSet, "credential"),
    ("reviewers", LegalReviewerViewSet, "reviewer"),
    ("trainings", TrainingRecordViewSet, "training"),
    ("power-items", PowerItemViewSet, "power-item"),
    ("public/agencies", PublicAgencyViewSet, "public-agency"),
    ("public/power-items", PublicPowerItemViewSet, "public-power-item"),
    ("public/credentials", PublicCredentialViewSet, "public-credential"),
]
# An item's public address: its agency's code and its item code (which has no "/").
_ITEM = "public/power-items/<slug:agency_code>/<str:code>/"
urlpatterns = [
    path(_ITEM, PublicPowerItemView.as_view(), name="public-power-item-detail"),
    path(
        f"{_ITEM}versions/",
        PublicPowerItemVersionsView.as_view(),
        name="public-power-item-versions",
    ),
]
