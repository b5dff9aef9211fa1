"""Reads of annual reports: the workbench by scope, the portal only what is published."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sanxiang.agencies.selectors import visible_agency_ids
from sanxiang.supervision import permissions
from sanxiang.supervision.choices import ReportStatus
from sanxiang.supervision.models import AnnualReport


def reports_visible_to(*, user: Any) -> QuerySet[AnnualReport]:
    if not permissions.can_watch(user):
        return AnnualReport.objects.none()
    reports = AnnualReport.objects.select_related("agency")
    scope = visible_agency_ids(user=user)
    return reports if scope is None else reports.filter(agency__in=scope)


def get_report_for_user(*, user: Any, report_id: int) -> AnnualReport:
    try:
        return reports_visible_to(user=user).get(pk=report_id)
    except AnnualReport.DoesNotExist as exc:
        raise Http404 from exc


def published_reports(*, agency_code: str) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(
        status=ReportStatus.PUBLISHED, agency__code=agency_code, agency__is_public=True
    ).select_related("agency")


def get_published_report(*, agency_code: str, year: int) -> AnnualReport:
    report = published_reports(agency_code=agency_code).filter(year=year).first()
    if report is None:
        raise Http404
    return report
