"""REST endpoints of supervision, assembled under /api/v1/ by the api app: warnings and
statistics.

Warnings through ``selectors.warnings_visible_to``: as in the workbench, only watchers see
warnings, which for tokens means supervisor tokens (an agency token's list is empty).

Statistics are the workbench's own figures, computed by this app's code and never again
here: the annual report (``annual.figures.compute`` and ``annual.presentation.sections``,
or the stored report's frozen figures once one exists) and the dashboard's panels
(``dashboards.panels``: the monthly series and the rest). As the dashboard and the reports
are for watchers, they answer supervisor tokens (agency tokens get 403), over the agencies
the token sees (another agency is a 404).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import Http404
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sanxiang.agencies.api import ID, IdFilter
from sanxiang.agencies.models import Agency
from sanxiang.agencies.selectors import agencies_visible_to
from sanxiang.core.rest.errors import ApiError
from sanxiang.supervision import dashboards, permissions, selectors
from sanxiang.supervision.annual import figures, presentation
from sanxiang.supervision.annual import selectors as report_selectors
from sanxiang.supervision.annual.services import snapshot
from sanxiang.supervision.choices import (
    ReportStatus,
    WarningKind,
    WarningLevel,
    WarningStatus,
)
from sanxiang.supervision.models import AnnualReport, Warning

FIRST_YEAR = 2000
LONGEST_PERIOD_DAYS = 10 * 366


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


# --- statistics: the payloads (also pushed by sanxiang.api.push) --------------------------


def _both(text: Any) -> tuple[str, str]:
    with translation.override("zh-hans"):
        chinese = str(text)
    with translation.override("en"):
        return chinese, str(text)


def _number(value: Decimal | int | None) -> str | int | None:
    return str(value) if isinstance(value, Decimal) else value


def annual_payload(report: AnnualReport) -> dict[str, Any]:
    """The report's figures, table by table, as the report's own pages present them."""
    sections = []
    for section in presentation.sections(report):
        title, title_en = _both(section.title)
        rows = []
        for row in section.rows:
            label, label_en = _both(row.label)
            rows.append({
                "key": row.item.key, "label": label, "label_en": label_en,
                "unit": str(row.item.unit), "value": _number(row.value),
                "entered_by_hand": bool(row.manual_note), "note": row.manual_note,
            })  # fmt: skip
        sections.append({"key": section.key, "title": title, "title_en": title_en,
                         "rows": rows})  # fmt: skip
    return {
        "agency": report.agency.code, "agency_name": report.agency.name, "year": report.year,
        "status": report.status if report.pk else "live",
        "generated_at": report.generated_at.isoformat() if report.generated_at else None,
        "published_at": report.published_at.isoformat() if report.published_at else None,
        "sections": sections,
    }  # fmt: skip


def annual_figures(*, agency: Agency, year: int) -> dict[str, Any]:
    """The stored report of the year if there is one, else the figures computed now."""
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    if report is None:
        values = snapshot(figures.compute(agency_ids=[agency.pk], year=year))
        report = AnnualReport(agency=agency, year=year, figures=values, manual={})
    return annual_payload(report)


def monthly_payload(*, agency_ids: list[int], start: dt.date, end: dt.date,
                    today: dt.date) -> dict[str, Any]:  # fmt: skip
    """The dashboard's panels (cases filed and amounts by month, …) over a period."""
    scope = dashboards.Scope(agency_ids=agency_ids, start=start, end=end)
    panels = []
    for panel in dashboards.panels(scope, today):
        title, title_en = _both(panel.title)
        unit, unit_en = _both(panel.unit)
        note, note_en = _both(panel.note) if panel.note else ("", "")
        panels.append({
            "key": panel.key, "title": title, "title_en": title_en, "unit": unit,
            "unit_en": unit_en, "note": note, "note_en": note_en,
            "rows": [{"label": str(label), "value": _number(value)}
                     for label, value in panel.rows],
        })  # fmt: skip
    return {"start": start.isoformat(), "end": end.isoformat(), "agencies": agency_ids,
            "panels": panels}  # fmt: skip


# --- statistics: the endpoints ----------------------------------------------------------


@extend_schema_field(
    {"oneOf": [{"type": "integer"}, {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}],
     "nullable": True,
     "description": "计数为整数，金额（万元）与比率为小数字符串 / counts as integers, "
                    "amounts (10,000 yuan) and rates as decimal strings"}
)  # fmt: skip
class FigureValueField(serializers.Field):
    def to_representation(self, value: Any) -> Any:
        return value


class FigureRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the JSON key, not Field.label
    label_en = serializers.CharField()
    unit = serializers.ChoiceField(choices=["count", "wan", "percent"])
    value = FigureValueField(allow_null=True)
    entered_by_hand = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True)


class FigureSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    rows = FigureRowSerializer(many=True)


class AnnualFiguresSerializer(serializers.Serializer):
    agency = serializers.CharField()
    agency_name = serializers.CharField()
    year = serializers.IntegerField()
    status = serializers.ChoiceField(
        choices=[*ReportStatus.values, "live"],
        help_text="live: 尚无年报，实时计算 / no report yet, computed now",
    )
    generated_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    sections = FigureSectionSerializer(many=True)


class PanelRowSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # the JSON key, not Field.label
    value = FigureValueField()


class PanelSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    unit = serializers.CharField()
    unit_en = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    note_en = serializers.CharField(allow_blank=True)
    rows = PanelRowSerializer(many=True)


class MonthlySerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    agencies = serializers.ListField(child=serializers.IntegerField())
    panels = PanelSerializer(many=True)


class AnnualQuerySerializer(serializers.Serializer):
    agency = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    year = serializers.IntegerField(min_value=FIRST_YEAR, max_value=9999)

    def validate_year(self, year: int) -> int:
        if year > timezone.localdate().year:
            raise serializers.ValidationError(_("The year has not begun yet."))
        return year


class MonthlyQuerySerializer(serializers.Serializer):
    agency = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        today = timezone.localdate()
        start = data.get("start") or dt.date(today.year - 1, today.month, 1)
        end = data.get("end") or today
        if end < start:
            raise serializers.ValidationError(_("The end of the period is before its start."))
        if (end - start).days > LONGEST_PERIOD_DAYS:
            raise serializers.ValidationError(_("The period may be at most ten years."))
        return {**data, "start": start, "end": end}


def _watcher(request: Request) -> None:
    if not permissions.can_watch(request.user):
        raise ApiError(
            _("Statistics are for supervisor tokens, as dashboards are for supervisors."),
            code="scope_insufficient", status=403,
        )  # fmt: skip


def _agency(request: Request, agency_id: int) -> Agency:
    agency = agencies_visible_to(user=request.user).filter(pk=agency_id).first()
    if agency is None:
        raise Http404
    return agency


class AnnualFiguresView(APIView):
    """The annual statistics (行政执法统计年报) of an agency for a year."""

    @extend_schema(
        operation_id="statistics_annual", tags=["statistics"],
        parameters=[AnnualQuerySerializer], responses=AnnualFiguresSerializer,
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        _watcher(request)
        query = AnnualQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        agency = _agency(request, query.validated_data["agency"])
        return Response(annual_figures(agency=agency, year=query.validated_data["year"]))


class MonthlyStatisticsView(APIView):
    """The dashboard's figures by month (cases filed, amounts…) over a period."""

    @extend_schema(
        operation_id="statistics_monthly", tags=["statistics"],
        parameters=[MonthlyQuerySerializer], responses=MonthlySerializer,
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        _watcher(request)
        query = MonthlyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        if data.get("agency") is not None:
            ids = [_agency(request, data["agency"]).pk]
        else:
            ids = list(agencies_visible_to(user=request.user).values_list("pk", flat=True))
        payload = monthly_payload(agency_ids=sorted(ids), start=data["start"], end=data["end"],
                                  today=timezone.localdate())  # fmt: skip
        return Response(payload)


class AnnualReportSerializer(serializers.ModelSerializer):
    agency_code = serializers.CharField(source="agency.code", read_only=True)

    class Meta:
        model = AnnualReport
        fields = ["id", "agency", "agency_code", "year", "status", "generated_at",
                  "published_at", "ledger_seq"]  # fmt: skip


class AnnualReportFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="agency_id")
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)
    year = django_filters.NumberFilter(min_value=FIRST_YEAR, max_value=9999)

    class Meta:
        model = AnnualReport
        fields = ["agency", "status", "year"]


class AnnualReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Annual reports prepared in the workbench (drafts and published), for supervisors."""

    serializer_class = AnnualReportSerializer
    filterset_class = AnnualReportFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[AnnualReport]:
        return report_selectors.reports_visible_to(user=self.request.user).order_by(
            "-year", "agency", "pk"
        )


routes = [
    ("warnings", WarningViewSet, "warning"),
    ("annual-reports", AnnualReportViewSet, "annual-report"),
]
urlpatterns = [
    path("statistics/annual/", AnnualFiguresView.as_view(), name="statistics-annual"),
    path("statistics/monthly/", MonthlyStatisticsView.as_view(), name="statistics-monthly"),
]
