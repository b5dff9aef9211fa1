"""REST endpoints of cases, assembled under /api/v1/ by the api app.

Reads go through this app's selectors (``register_rows``: the workbench's visibility rule,
parties, officers and extensions loaded) and ``deadlines``. Parties are shown without ID
numbers, addresses or telephones; the case's facts stay in the workbench. Writes (filing a
case, recording its violation, the head's approvals and extensions) act as the token's
account through the same services as the workbench, so a refusal reads the same.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sanxiang.agencies.api import ID, IdFilter
from sanxiang.agencies.choices import PowerCategory
from sanxiang.agencies.models import Officer, PowerItem
from sanxiang.cases import deadlines, selectors, services
from sanxiang.cases.choices import (
    ActKind,
    ActStatus,
    ApprovalKind,
    CaseSource,
    DeadlineKind,
    PartyKind,
    Procedure,
    Responsibility,
    Stage,
)
from sanxiang.cases.limits import ViolationData
from sanxiang.cases.models import Act, Case
from sanxiang.core.rest.errors import ApiError
from sanxiang.core.rest.tokens import token_account
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


class ApprovalSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApprovalKind.choices)
    opinion = serializers.CharField()
    approved_by = serializers.CharField()
    approved_on = serializers.DateField()


class CaseSerializer(serializers.ModelSerializer):
    parties = serializers.SerializerMethodField()
    officers = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()
    approvals = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id", "agency", "number", "year", "power_item", "category", "procedure", "title",
            "source", "place", "stage", "stage_changed_at", "filed_on", "notified_on",
            "decided_on", "served_on", "closed_on", "archived_on", "parties", "officers",
            "deadlines", "violation_on", "violation_continuing", "violation_ended_on",
            "limitation_extended", "responsibility", "rules_flags", "approvals",
        ]  # fmt: skip

    @extend_schema_field(ApprovalSerializer(many=True))
    def get_approvals(self, case: Case) -> list[dict[str, Any]]:
        return [
            {"kind": a.kind, "opinion": a.opinion, "approved_by": str(a.approved_by),
             "approved_on": a.approved_on}
            for a in case.approvals.select_related("approved_by")
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


class ViolationInSerializer(serializers.Serializer):
    """When the violation happened (行政处罚法 第三十六条)."""

    violation_on = serializers.DateField(required=False, allow_null=True, default=None)
    violation_continuing = serializers.BooleanField(required=False, default=False)
    violation_ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    limitation_extended = serializers.BooleanField(required=False, default=False)
    limitation_reason = serializers.CharField(required=False, allow_blank=True, default="")

    def violation(self) -> ViolationData:
        return _violation(self.validated_data)


class RecordViolationSerializer(ViolationInSerializer):
    responsibility = serializers.ChoiceField(
        choices=Responsibility.choices, required=False, default=""
    )
    responsibility_basis = serializers.CharField(required=False, allow_blank=True, default="")


class PartyInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PartyKind.choices)
    name = serializers.CharField(max_length=200)
    id_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=30)
    uscc = serializers.CharField(required=False, allow_blank=True, default="", max_length=30)
    legal_representative = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=50
    )
    address = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
    same_person_confirmed = serializers.BooleanField(
        required=False, default=False,
        help_text="确认与已登记的同一证件号码当事人为同一人 / confirmed: the same person as the "
        "party on record under this identifier",
    )  # fmt: skip


# Ids as the database holds them (a larger number is no id, never a server error).
MAX_ID = 2**63 - 1


def _id() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID)


class OpenCaseSerializer(ViolationInSerializer):
    power_item = _id()
    procedure = serializers.ChoiceField(choices=Procedure.choices)
    title = serializers.CharField(max_length=200)
    source = serializers.ChoiceField(choices=CaseSource.choices)  # type: ignore[assignment]
    filed_on = serializers.DateField()
    officers = serializers.ListField(child=_id(), min_length=1, max_length=50)
    lead = _id()
    parties = PartyInSerializer(many=True, min_length=1, max_length=50)  # type: ignore[call-arg]
    facts = serializers.CharField(required=False, allow_blank=True, default="")
    place = serializers.CharField(required=False, allow_blank=True, default="")


class ApproveSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[ApprovalKind.FILING, ApprovalKind.CLOSING])
    opinion = serializers.CharField()
    on = serializers.DateField(required=False, allow_null=True, default=None)


class ExtendSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=365)
    reason = serializers.CharField()
    legal_basis = serializers.CharField(max_length=300)
    allowed_days = serializers.IntegerField(min_value=1, max_value=365)


def _account(request: Request) -> Any:
    account = token_account(request)
    if account is None:
        raise ApiError(
            _("Writes act as a person: use a token with an account."),
            code="account_required", status=403,
        )  # fmt: skip
    return account


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> Any:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cases in the token's scope, with their stage and the time limits running now; filing,
    the violation record and the head's approvals through the workbench's services."""

    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Case]:
        return selectors.register_rows(user=self.request.user).order_by("-filed_on", "-pk")

    def _done(self, case: Case, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().filter(pk=case.pk).first() or case
        return Response(CaseSerializer(fresh).data, status=code)

    @extend_schema(request=OpenCaseSerializer, responses={201: CaseSerializer})
    def create(self, request: Request) -> Response:
        """File a case (立案) as the token's account: the workbench form's rules."""
        account = _account(request)
        data = _valid(OpenCaseSerializer, request).validated_data
        power_item = PowerItem.objects.filter(pk=data["power_item"], agency_id=account.agency_id)
        officers = {o.pk: o for o in Officer.objects.filter(
            pk__in=[*data["officers"], data["lead"]], agency_id=account.agency_id)}  # fmt: skip
        if not power_item.exists() or data["lead"] not in officers:
            raise ApiError(_("Unknown power item or officer."), code="invalid", status=400)
        case = services.open_case(
            actor=account, power_item=power_item.get(), procedure=data["procedure"],
            title=data["title"], source=data["source"], filed_on=data["filed_on"],
            officers=[officers[pk] for pk in data["officers"] if pk in officers],
            lead=officers[data["lead"]],
            parties=[services.PartyData(**party) for party in data["parties"]],
            facts=data["facts"], place=data["place"],
            violation=_violation(data),
        )  # fmt: skip
        return self._done(case, status.HTTP_201_CREATED)

    @extend_schema(request=RecordViolationSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def violation(self, request: Request, pk: str) -> Response:
        """Record when the violation happened and the finding on capacity (第三十条、第三十一条、
        第三十六条)."""
        account = _account(request)
        serializer = _valid(RecordViolationSerializer, request)
        case = services.record_violation(
            actor=account, case=self.get_object(), violation=serializer.violation(),
            responsibility=serializer.validated_data["responsibility"],
            responsibility_basis=serializer.validated_data["responsibility_basis"],
        )  # fmt: skip
        return self._done(case)

    @extend_schema(request=ApproveSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def approvals(self, request: Request, pk: str) -> Response:
        """The head's approval of the filing or the closing (立案审批, 结案审批)."""
        account = _account(request)
        data = _valid(ApproveSerializer, request).validated_data
        case = self.get_object()
        services.approve(
            actor=account, case=case, kind=ApprovalKind(data["kind"]), opinion=data["opinion"],
            on=data["on"],
        )  # fmt: skip
        return self._done(case)

    @extend_schema(request=ExtendSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def extensions(self, request: Request, pk: str) -> Response:
        """The head extends the decision period, citing the provision that allows it (第六十条)."""
        account = _account(request)
        data = _valid(ExtendSerializer, request).validated_data
        case = self.get_object()
        services.extend_deadline(actor=account, case=case, **data)
        return self._done(case)


def _violation(data: dict[str, Any]) -> ViolationData:
    return ViolationData(
        committed_on=data["violation_on"], continuing=data["violation_continuing"],
        ended_on=data["violation_ended_on"], extended=data["limitation_extended"],
        extension_reason=data["limitation_reason"],
    )  # fmt: skip


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
