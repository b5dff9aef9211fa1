"""Annual report pages: the workbench (generate, hand-entered figures, narrative, publish,
exports) and the portal (one public page per agency and year)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sanxiang.agencies.http import AuthedRequest
from sanxiang.agencies.models import Agency
from sanxiang.agencies.selectors import agencies_visible_to
from sanxiang.core.audit import record_export
from sanxiang.core.forms import add_service_errors
from sanxiang.core.reauth import reauth_required
from sanxiang.supervision import charts, permissions
from sanxiang.supervision.annual import exports, services
from sanxiang.supervision.annual.forms import GenerateForm, ManualFigureForm, NarrativeForm
from sanxiang.supervision.annual.presentation import sections
from sanxiang.supervision.annual.selectors import (
    get_published_report,
    get_report_for_user,
    published_reports,
    reports_visible_to,
)
from sanxiang.supervision.models import AnnualReport

FORMATS: dict[str, tuple[Callable[[AnnualReport], bytes], str, str]] = {
    "docx": (exports.to_docx,
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": (exports.to_xlsx,
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": (exports.to_pdf, "application/pdf", "pdf"),
}  # fmt: skip


def _preparable(user: Any) -> Any:
    return [a for a in agencies_visible_to(user=user) if permissions.can_prepare_report(user, a.pk)]


@login_required
def report_list(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_watch(request.user):
        raise PermissionDenied(_("Annual reports are for supervisors, heads and administrators."))
    own = _preparable(request.user)
    agencies = Agency.objects.filter(pk__in=[a.pk for a in own])
    form = GenerateForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.generate_report(
                actor=request.user, agency=data["agency"], year=data["year"],
                reason=data["reason"],
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The figures were generated from case data."))
            return redirect("workbench:report", report_id=report.pk)
    reports = reports_visible_to(user=request.user).order_by("-year", "agency__name")
    context = {"form": form if own else None, "reports": reports}
    return render(request, "supervision/report_list.html", context)


@login_required
def report_detail(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = get_report_for_user(user=request.user, report_id=report_id)
    return _detail(request, report)


def _detail(request: AuthedRequest, report: AnnualReport, **forms: Any) -> HttpResponse:
    svg = exports.chart(report)
    context = {
        "report": report, "sections": sections(report),
        "chart": charts.svg_inline(svg) if svg else "",
        "can_prepare": permissions.can_prepare_report(request.user, report.agency_id),
        "narrative_form": forms.get("narrative") or NarrativeForm(
            initial={"narrative": report.narrative}),
        "manual_form": forms.get("manual") or ManualFigureForm(),
        "overrides": report.overrides.select_related("actor"),
        "due_on": services.due_date(report.agency, report.year),
    }  # fmt: skip
    return render(
        request, "supervision/report_detail.html", context, status=forms.get("status", 200)
    )


_EDITS: dict[str, tuple[type[Any], Callable[..., None], Any]] = {
    "narrative": (NarrativeForm, services.save_narrative, gettext_lazy("The general account was saved.")),
    "manual": (ManualFigureForm, services.set_manual_figure, gettext_lazy("The figure was saved.")),
}  # fmt: skip


@login_required
@require_POST
def report_action(request: AuthedRequest, report_id: int, action: str) -> HttpResponse:
    report = get_report_for_user(user=request.user, report_id=report_id)
    if not permissions.can_prepare_report(request.user, report.agency_id):
        raise PermissionDenied(_("Only the agency's head or administrator prepares its report."))
    if action == "publish":
        try:
            services.publish_report(actor=request.user, report=report)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The report is published on the portal."))
        return redirect("workbench:report", report_id=report.pk)
    if action not in _EDITS:
        raise Http404
    form_class, service, done = _EDITS[action]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("workbench:report", report_id=report.pk)
    return _detail(request, report, **{action: form, "status": 400})


@login_required
@reauth_required(download=True)
def report_export(request: AuthedRequest, report_id: int, fmt: str) -> HttpResponse:
    report = get_report_for_user(user=request.user, report_id=report_id)
    response = _export(report, fmt)
    record_export(request, what="annual-report", report=report.pk, format=fmt)
    return response


def _export(report: AnnualReport, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    build, content_type, extension = FORMATS[fmt]
    response = HttpResponse(build(report), content_type=content_type)
    name = f"annual-report-{report.agency.code}-{report.year}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def portal_reports(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency, code=code, is_public=True)
    context = {"agency": agency, "reports": published_reports(agency_code=code).order_by("-year")}
    return render(request, "supervision/portal_report_list.html", context)


def portal_report(request: HttpRequest, code: str, year: int) -> HttpResponse:
    report = get_published_report(agency_code=code, year=year)
    svg = exports.chart(report)
    context = {
        "report": report, "sections": sections(report), "title": exports.title_of(report),
        "chart": charts.svg_inline(svg) if svg else "",
    }  # fmt: skip
    return render(request, "supervision/portal_report.html", context)


def portal_report_pdf(request: HttpRequest, code: str, year: int) -> HttpResponse:
    return _export(get_published_report(agency_code=code, year=year), "pdf")
