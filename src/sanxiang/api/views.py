"""The api app's own endpoints: the index and the bulk import of people."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sanxiang.api.access import CanWrite, PublicRead
from sanxiang.api.errors import ApiError
from sanxiang.api.imports import ImportFileError, import_people
from sanxiang.api.models import ApiToken
from sanxiang.api.serializers import PeopleImportRequestSerializer, PeopleImportResultSerializer


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


class PeopleImportView(APIView):
    """Import officers and credentials from Excel: a dry run first, then all or nothing."""

    permission_classes = [CanWrite]
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="import_people",
        tags=["imports"],
        summary="批量导入执法人员和证件 / bulk import of officers and credentials",
        request={"multipart/form-data": PeopleImportRequestSerializer},
        responses={200: PeopleImportResultSerializer, 201: PeopleImportResultSerializer},
    )
    def post(self, request: Request) -> Response:
        form = PeopleImportRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        token = request.auth
        assert isinstance(token, ApiToken)  # CanWrite let only agency tokens through
        upload = form.validated_data["file"]
        try:
            result = import_people(
                actor=token.user, agency=token.agency, data=upload.read(),  # type: ignore[arg-type]
                file_name=upload.name or "", dry_run=form.validated_data["dry_run"],
            )  # fmt: skip
        except ImportFileError as exc:
            raise ApiError(exc.message, code="invalid_file", status=400, params=exc.params) from exc
        data = PeopleImportResultSerializer(_result_data(result)).data
        if not result.ok and not result.dry_run:
            raise ApiError(
                _("Nothing was imported: correct the problems listed and try again."),
                code="import_rejected", status=400, extra={"problems": data["problems"]},
            )  # fmt: skip
        created = not result.dry_run
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def _result_data(result: Any) -> dict[str, Any]:
    return {
        "dry_run": result.dry_run,
        "ok": result.ok,
        "rows": result.rows,
        "officers_created": result.officers_created,
        "credentials_issued": result.credentials_issued,
        "ledger_entry": result.ledger_entry,
        "problems": [vars(p) for p in result.problems],
    }
