"""Reads of records, through the cases' visibility rule."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from sanxiang.agencies.selectors import visible_agency_ids
from sanxiang.cases.choices import ActStatus
from sanxiang.cases.models import Act
from sanxiang.cases.selectors import cases_visible_to
from sanxiang.records.choices import Requirement
from sanxiang.records.models import (
    AccessLog,
    Document,
    DocumentTemplate,
    Recording,
    RecordingRule,
    UploadSession,
)


def recordings_visible_to(*, user: Any) -> QuerySet[Recording]:
    return Recording.objects.filter(case__in=cases_visible_to(user=user)).select_related(
        "case", "act", "collector"
    )


def get_recording_for_user(*, user: Any, recording_id: int) -> Recording:
    try:
        return recordings_visible_to(user=user).get(pk=recording_id)
    except Recording.DoesNotExist as exc:
        raise Http404 from exc


def get_session_for_user(*, user: Any, token: str) -> UploadSession:
    session = UploadSession.objects.filter(token=token, created_by_id=user.pk).first()
    if session is None:
        raise Http404
    return session


def acts_missing_recommended_recordings(*, user: Any) -> QuerySet[Act]:
    """Completed acts the list recommends recording that have no recording (warning, R2)."""
    kinds = RecordingRule.objects.filter(
        is_active=True, requirement=Requirement.RECOMMENDED, service_method=""
    ).values("act_kind")
    return (
        Act.objects.filter(case__in=cases_visible_to(user=user), status=ActStatus.COMPLETED)
        .filter(kind__in=kinds)
        .exclude(Exists(Recording.objects.filter(act=OuterRef("pk"))))
        .select_related("case")
    )


def access_log_of(*, case: Any) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(case=case).select_related("user").order_by("-at", "-pk")


def documents_visible_to(*, user: Any) -> QuerySet[Document]:
    return Document.objects.filter(case__in=cases_visible_to(user=user)).select_related(
        "case__agency", "template", "act", "generated_by"
    )


def get_document_for_user(*, user: Any, document_id: int) -> Document:
    try:
        return documents_visible_to(user=user).get(pk=document_id)
    except Document.DoesNotExist as exc:
        raise Http404 from exc


def templates_visible_to(*, user: Any) -> QuerySet[DocumentTemplate]:
    """The standard templates and the adaptations of agencies in the user's scope."""
    scope = visible_agency_ids(user=user)
    templates = DocumentTemplate.objects.select_related("agency", "uploaded_by")
    if scope is None:
        return templates
    return templates.filter(Q(agency__isnull=True) | Q(agency__in=scope))


def template_versions(*, agency: Any, doc_type: str) -> QuerySet[DocumentTemplate]:
    return (
        DocumentTemplate.objects.filter(doc_type=doc_type)
        .filter(Q(agency__isnull=True) | Q(agency=agency))
        .order_by("agency_id", "-version")
    )
