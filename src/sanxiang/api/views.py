"""The api app's own endpoints: the index, the Excel imports and the 双公示 export."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sanxiang.api import shuanggongshi
from sanxiang.api.access import CanWrite, HasAgencyScope, PublicRead
from sanxiang.api.historic import import_historic_cases
from sanxiang.api.imports import ImportFileError, import_people, import_power_items
from sanxiang.api.models import ApiToken
from sanxiang.api.serializers import (
    HistoricCasesImportRequestSerializer,
    HistoricCasesImportResultSerializer,
    PeopleImportRequestSerializer,
    PeopleImportResultSerializer,
    PowerImportRequestSerializer,
    PowerImportResultSerializer,
)
from sanxiang.core.audit import record_export
from sanxiang.core.rest.errors import ApiError


class ApiIndexView(APIView):
    permission_classes = [PublicRead]

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        return Response(
            {
                "openapi": request.build_absolute_uri(reverse("api:schema")),
                "docs": request.build_absolute_uri(reverse("api:docs")),
                "redoc": request.build_absolute_uri(reverse("api:redoc")),
            }
        )


class ExcelImportView(APIView):
    """An Excel import for an agency token: a dry run first, then all or nothing.

    Subclasses name their request and result serializers and the import service (which
    takes the actor, agency, data, file name and dry-run flag, and any ``service_options``);
    the upload, the errors and the answer (200 for a dry run, 201 once imported, 400 with
    every problem when nothing was imported) are the same for every import.
    """

    permission_classes = [CanWrite]
    parser_classes = [MultiPartParser]
    request_serializer: type[serializers.Serializer]
    result_serializer: type[serializers.Serializer]
    service: staticmethod[..., Any]

    def service_options(self, options: dict[str, Any]) -> dict[str, Any]:
        """What the service takes from the request besides the file and the dry-run flag."""
        return {}

    def run(self, token: ApiToken, options: dict[str, Any], data: bytes, file_name: str) -> Any:
        return self.service(
            actor=token.user, agency=token.agency, data=data, file_name=file_name,
            dry_run=options["dry_run"], **self.service_options(options),
        )  # fmt: skip

    def post(self, request: Request) -> Response:
        form = self.request_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        token = request.auth
        assert isinstance(token, ApiToken)  # CanWrite let only agency tokens through
        options = form.validated_data
        upload = options["file"]
        try:
            result = self.run(token, options, upload.read(), upload.name or "")
        except ImportFileError as exc:
            raise ApiError(exc.message, code="invalid_file", status=400, params=exc.params) from exc
        data = self.result_serializer(
            {**vars(result), "ok": result.ok, "problems": [vars(p) for p in result.problems]}
        ).data
        if not result.ok and not result.dry_run:
            raise ApiError(
                _("Nothing was imported: correct the problems listed and try again."),
                code="import_rejected", status=400, extra={"problems": data["problems"]},
            )  # fmt: skip
        created = not result.dry_run
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def _import_schema(operation_id: str, summary: str) -> Any:
    """Give an import view its own ``post``, described for OpenAPI from the serializers the
    view names (drf-spectacular wants an operation id on a method, not on a class)."""

    def describe(view: type[ExcelImportView]) -> type[ExcelImportView]:
        def post(self: ExcelImportView, request: Request) -> Response:
            return ExcelImportView.post(self, request)

        view.post = extend_schema(  # type: ignore[method-assign]
            operation_id=operation_id, tags=["imports"], summary=summary,
            request={"multipart/form-data": view.request_serializer},
            responses={200: view.result_serializer, 201: view.result_serializer},
        )(post)  # fmt: skip
        return view

    return describe


@_import_schema("import_people", "批量导入执法人员和证件 / bulk import of officers and credentials")
class PeopleImportView(ExcelImportView):
    """Import officers and credentials from Excel: a dry run first, then all or nothing."""

    request_serializer = PeopleImportRequestSerializer
    result_serializer = PeopleImportResultSerializer
    service = staticmethod(import_people)


@_import_schema("import_power_items", "批量导入权责清单 / bulk import of power items")
class PowerItemsImportView(ExcelImportView):
    """Import the power list (权责清单) from Excel: a dry run first, then all or nothing."""

    request_serializer = PowerImportRequestSerializer
    result_serializer = PowerImportResultSerializer
    service = staticmethod(import_power_items)

    def service_options(self, options: dict[str, Any]) -> dict[str, Any]:
        return {
            "reason": options.get("reason") or "",
            "effective_on": options.get("effective_on"),
            "approver": options.get("approver") or "",
        }


@_import_schema("import_historic_cases", "批量导入历史案件 / bulk import of historic cases")
class HistoricCasesImportView(ExcelImportView):
    """Import historic cases (历史案件) from Excel: a dry run first, then all or nothing."""

    request_serializer = HistoricCasesImportRequestSerializer
    result_serializer = HistoricCasesImportResultSerializer
    service = staticmethod(import_historic_cases)


class ExportQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=shuanggongshi.KINDS, default=shuanggongshi.PENALTY,
        help_text="penalty（行政处罚）或 licensing（行政许可）",
    )  # fmt: skip
    since = serializers.DateField(
        required=False, help_text="只导出此日及以后公示的记录 / published on or after"
    )
    output = serializers.ChoiceField(
        choices=shuanggongshi.FORMATS, default="json", help_text="json、csv（UTF-8 BOM）或 xlsx"
    )


class ExportResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    since = serializers.DateField(allow_null=True)
    columns = serializers.ListField(child=serializers.DictField())
    records = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    rejected = serializers.IntegerField()
    problems = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


class ShuanggongshiExportView(APIView):
    """双公示 export of published decisions in the national field layout (agency tokens)."""

    permission_classes = [HasAgencyScope]

    @extend_schema(
        operation_id="export_shuanggongshi",
        tags=["exports"],
        summary="双公示数据导出 / 双公示 export in the national field layout",
        parameters=[ExportQuerySerializer],
        responses={
            (200, "application/json"): ExportResultSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
            (200, shuanggongshi.CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY,
        },
    )
    def get(self, request: Request) -> Any:
        query = ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        export = shuanggongshi.export_for(
            user=request.user, kind=data["kind"], since=data.get("since")
        )
        record_export(
            request, what="shuanggongshi", kind=export.kind, since=str(export.since or ""),
            rows=len(export.rows), output=data["output"],
        )  # fmt: skip
        if data["output"] == "json":
            return Response(shuanggongshi.to_json_data(export))
        fmt = data["output"]
        response = HttpResponse(
            shuanggongshi.render(export, fmt), content_type=shuanggongshi.CONTENT_TYPES[fmt]
        )
        name = f"shuanggongshi-{export.kind}-{export.since or 'all'}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Rejected-Rows"] = str(export.rejected)
        return response
