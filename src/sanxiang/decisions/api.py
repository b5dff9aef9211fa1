"""REST endpoints of decisions, assembled under /api/v1/ by the api app.

Reads, and the steps after the decision (service, execution, the head's deferral or
instalments, the answer to a challenge) through the workbench's services, so a refusal
names the same rule and article whichever door it came through.

Through ``selectors.decisions_visible_to`` (the cases' visibility rule). The facts, which
name and locate people, stay in the workbench; the published, redacted version is served by
the publicity endpoints.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sanxiang.agencies.api import ID, IdFilter
from sanxiang.cases.choices import ServiceMethod
from sanxiang.core.rest.errors import ApiError
from sanxiang.core.rest.tokens import token_account
from sanxiang.decisions import deadlines, selectors, services
from sanxiang.decisions.choices import (
    ArrangementKind,
    DecisionStatus,
    ExecutionKind,
    PaymentStatus,
)
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


class ServeSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=ServiceMethod.choices)
    served_on = serializers.DateField(help_text="签收、回执收件或发出公告的日期")
    recipient = serializers.CharField()
    note = serializers.CharField(required=False, default="", allow_blank=True)


class ExecutionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ExecutionKind.choices)
    on = serializers.DateField()
    note = serializers.CharField(required=False, default="", allow_blank=True)


class InstalmentSerializer(serializers.Serializer):
    due_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class ArrangementSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ArrangementKind.choices)
    reason = serializers.CharField()
    instalments = InstalmentSerializer(many=True)
    on = serializers.DateField(required=False, allow_null=True, default=None)


class AnswerSerializer(serializers.Serializer):
    remedy = serializers.IntegerField()
    copy_received_on = serializers.DateField(required=False, allow_null=True, default=None)
    answered_on = serializers.DateField(required=False, allow_null=True, default=None)


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
    return serializer.validated_data


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Decisions of the cases in the token's scope, and the steps after the decision."""

    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Decision]:
        return selectors.decisions_visible_to(user=self.request.user).order_by("-decided_on", "-pk")

    def _done(self, decision: Decision) -> Response:
        return Response(DecisionSerializer(self.get_queryset().get(pk=decision.pk)).data)

    @extend_schema(request=ServeSerializer, responses={200: DecisionSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def service(self, request: Request, pk: str) -> Response:
        """Record service (送达); the deemed-service date follows the method (民事诉讼法)."""
        account, data = _account(request), _valid(ServeSerializer, request)
        decision = self.get_object()
        services.serve_decision(actor=account, decision=decision,
                                method=ServiceMethod(data["method"]), served_on=data["served_on"],
                                recipient=data["recipient"], note=data["note"])  # fmt: skip
        return self._done(decision)

    @extend_schema(request=ExecutionSerializer, responses={200: DecisionSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def executions(self, request: Request, pk: str) -> Response:
        """Record a step of execution: the demand (催告), the court application (行政强制法
        第五十三条、第五十四条) and others."""
        account, data = _account(request), _valid(ExecutionSerializer, request)
        decision = self.get_object()
        services.record_execution(actor=account, decision=decision,
                                  kind=ExecutionKind(data["kind"]), on=data["on"],
                                  note=data["note"])  # fmt: skip
        return self._done(decision)

    @extend_schema(request=ArrangementSerializer, responses={200: DecisionSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def arrangements(self, request: Request, pk: str) -> Response:
        """The head approves a deferral or instalments (行政处罚法 第六十六条第二款)."""
        account, data = _account(request), _valid(ArrangementSerializer, request)
        decision = self.get_object()
        services.arrange_payment(
            actor=account, decision=decision, kind=ArrangementKind(data["kind"]),
            reason=data["reason"], on=data["on"],
            instalments=[(i["due_on"], i["amount"]) for i in data["instalments"]],
        )  # fmt: skip
        return self._done(decision)

    @extend_schema(request=AnswerSerializer, responses={200: DecisionSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def answers(self, request: Request, pk: str) -> Response:
        """The copy of the application or complaint received, and the agency's answer
        (行政复议法 第四十八条; 行政诉讼法 第六十七条)."""
        account, data = _account(request), _valid(AnswerSerializer, request)
        decision = self.get_object()
        remedy = decision.remedies.filter(pk=data["remedy"]).first()
        if remedy is None:
            raise ApiError(_("Unknown reconsideration or lawsuit."), code="invalid", status=400)
        services.record_remedy_answer(actor=account, remedy=remedy,
                                      copy_received_on=data["copy_received_on"],
                                      answered_on=data["answered_on"])  # fmt: skip
        return self._done(decision)


routes = [("decisions", DecisionViewSet, "decision")]
