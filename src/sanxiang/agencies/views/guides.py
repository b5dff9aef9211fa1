"""Public service guides (服务指南), their flowcharts, and window boards (岗位信息公示牌)."""

from __future__ import annotations

import io

import segno
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sanxiang.agencies import flowchart, selectors
from sanxiang.agencies.choices import StageTimeBasis
from sanxiang.agencies.models import GuideStage, ServiceGuide


def stage_limit(stage: GuideStage) -> str:
    if stage.time_limit_days is None:
        return ""
    if stage.time_basis == StageTimeBasis.WORKING_DAYS:
        return _("%(n)s working days") % {"n": stage.time_limit_days}
    return _("%(n)s days") % {"n": stage.time_limit_days}


def guide_flowchart(guide: ServiceGuide) -> str:
    steps = [
        flowchart.Step(
            stage.name,
            "：".join(part for part in (stage.responsible, stage.description) if part),
            stage_limit(stage),
        )
        for stage in guide.stages.all()
    ]
    return flowchart.draw(title=guide.name, steps=steps, total=guide.time_limit)


def _guide(code: str) -> ServiceGuide:
    guide = selectors.public_guide(code=code)
    if guide is None:
        raise Http404
    return guide


def portal_guide_list(request: HttpRequest) -> HttpResponse:
    agency = None
    if request.GET.get("agency"):
        agency = get_object_or_404(selectors.public_agencies(), code=request.GET["agency"])
    guides = selectors.public_guides(q=request.GET.get("q", ""))
    if agency is not None:
        guides = guides.filter(agency=agency)
    return render(
        request,
        "agencies/portal_guide_list.html",
        {"guides": guides, "agency": agency, "q": request.GET.get("q", "")[:100]},
    )


def portal_guide(request: HttpRequest, code: str) -> HttpResponse:
    guide = _guide(code)
    # The SVG is built by our own code from escaped text: safe to inline, so it prints.
    svg = mark_safe(guide_flowchart(guide))
    return render(request, "agencies/portal_guide.html", {"guide": guide, "flowchart": svg})


def portal_flowchart(request: HttpRequest, code: str) -> HttpResponse:
    return HttpResponse(guide_flowchart(_guide(code)), content_type="image/svg+xml; charset=utf-8")


def portal_window(request: HttpRequest, code: str) -> HttpResponse:
    window = selectors.public_window(code=code)
    if window is None:
        raise Http404
    try:  # the progress look-up is the publicity app's, mounted after this one
        progress_url = request.build_absolute_uri(reverse("portal:progress"))
    except NoReverseMatch:
        progress_url = ""
    qr = ""
    if progress_url:
        buffer = io.BytesIO()
        segno.make(progress_url, error="m").save(buffer, kind="svg", scale=4, xmldecl=False)
        qr = mark_safe(buffer.getvalue().decode())
    context = {"window": window, "progress_url": progress_url, "progress_qr": qr}
    return render(request, "agencies/portal_window.html", context)
