"""REST endpoints of records, assembled under /api/v1/ by the api app: documents (文书) and
audio/video recordings, their metadata and their files.

Metadata through this app's selectors (the cases' visibility rule). A file is a reading of
the case's records (调阅, R7), so a download passes the workbench's own checks and is logged
in the same access log (``records.access``):

- it is logged under a person, so it needs a token with an account (``ApiToken.user``);
- when the workbench would ask that account for a reason (not its own case, or a sensitive
  record), the caller gives it in the ``reason`` query parameter, else 403 ``reason_required``;
- the file is served as the workbench serves it (``records.serving``: byte ranges, and only
  the first range of a reading is logged).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request

from sanxiang.agencies.api import ID, IdFilter
from sanxiang.core.rest.errors import ApiError
from sanxiang.core.rest.tokens import token_account
from sanxiang.records import access, selectors
from sanxiang.records.choices import DocumentType
from sanxiang.records.models import Document, Recording
from sanxiang.records.serving import serve_blob
from sanxiang.records.views.documents import DOCX

REASON_MAX = 500
REASON = OpenApiParameter(
    "reason", OpenApiTypes.STR, OpenApiParameter.QUERY, required=False,
    description=(
        "调阅事由：非本人承办案件或敏感记录时必填 / the reason for reading, required when the "
        "workbench would ask the token's account for one"
    ),
)  # fmt: skip
FILE_RESPONSES = {
    (200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="文件 / the file"),
}


def _download(request: Request, case: Any, obj: Any, *, digest: str, media_type: str,
              filename: str, action_kind: str) -> HttpResponseBase:  # fmt: skip
    """The workbench's gate (``access.needs_reason`` and the access log), then the file."""
    account = token_account(request)
    if account is None:
        raise ApiError(
            _("Reading records is logged under a person: use a token with an account."),
            code="account_required", status=403,
        )  # fmt: skip
    reason = str(request.query_params.get("reason", "")).strip()
    if len(reason) > REASON_MAX or "\x00" in reason:
        raise ApiError(
            _("The reason may have at most %(n)d characters."), code="invalid",
            status=400, params={"n": REASON_MAX},
        )  # fmt: skip
    if access.needs_reason(account, case, obj) and not reason:
        raise ApiError(
            _("Give the reason for reading this record in the 'reason' parameter."),
            code="reason_required", status=403,
        )  # fmt: skip
    if request.headers.get("Range", "bytes=0-") in ("bytes=0-", ""):
        reader = SimpleNamespace(user=account, META=request.META)
        access.log(reader, case, obj, action_kind, reason)
    return serve_blob(request, digest, media_type=media_type, filename=filename)


class DocumentSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    agency = serializers.IntegerField(source="case.agency_id", read_only=True)
    filename = serializers.CharField(read_only=True)

    class Meta:
        model = Document
        fields = ["id", "case", "case_number", "agency", "act", "doc_type", "number", "filename",
                  "digest", "size", "generated_at", "ledger_seq"]  # fmt: skip


class DocumentFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="case__agency_id")
    case = IdFilter(field_name="case_id")
    doc_type = django_filters.ChoiceFilter(choices=DocumentType.choices)

    class Meta:
        model = Document
        fields = ["agency", "case", "doc_type"]


class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Documents (执法文书) of the cases in scope; the file at ``…/file/`` (.docx)."""

    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Document]:
        return selectors.documents_visible_to(user=self.request.user).order_by(
            "-generated_at", "-pk"
        )

    @extend_schema(parameters=[REASON], responses=FILE_RESPONSES, filters=False)
    @action(detail=True, filterset_class=None)
    def file(self, request: Request, pk: str) -> HttpResponseBase:
        document = selectors.get_document_for_user(user=request.user, document_id=int(pk))
        return _download(
            request, document.case, document, digest=document.digest, media_type=DOCX,
            filename=document.filename, action_kind=access.Action.DOWNLOAD,
        )  # fmt: skip


class RecordingSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    agency = serializers.IntegerField(source="case.agency_id", read_only=True)
    collector = serializers.CharField(source="collector.name", read_only=True)

    class Meta:
        model = Recording
        fields = [
            "id", "case", "case_number", "agency", "act", "digest", "media_type", "size",
            "original_name", "collected_at", "place", "collector", "proves", "device",
            "is_full", "is_sensitive", "uploaded_at", "ledger_seq",
        ]  # fmt: skip


class RecordingFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="case__agency_id")
    case = IdFilter(field_name="case_id")
    act = IdFilter(field_name="act_id")

    class Meta:
        model = Recording
        fields = ["agency", "case", "act", "is_sensitive"]


class RecordingViewSet(viewsets.ReadOnlyModelViewSet):
    """Audio/video recordings (音像记录) of the cases in scope; the file at ``…/file/``."""

    serializer_class = RecordingSerializer
    filterset_class = RecordingFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Recording]:
        return selectors.recordings_visible_to(user=self.request.user).order_by(
            "-collected_at", "-pk"
        )

    @extend_schema(parameters=[REASON], responses=FILE_RESPONSES, filters=False)
    @action(detail=True, filterset_class=None)
    def file(self, request: Request, pk: str) -> HttpResponseBase:
        recording = selectors.get_recording_for_user(user=request.user, recording_id=int(pk))
        return _download(
            request, recording.case, recording, digest=recording.digest,
            media_type=recording.media_type, filename=recording.original_name,
            action_kind=access.Action.DOWNLOAD,
        )  # fmt: skip


routes = [
    ("documents", DocumentViewSet, "document"),
    ("recordings", RecordingViewSet, "recording"),
]
