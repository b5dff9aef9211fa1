"""The workbench's editing of service guides and window boards (formerly only in the admin):
the agency's administrator creates and edits them; everyone in scope may read the list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sanxiang.agencies import permissions, selectors
from sanxiang.agencies.guide_forms import (
    MaterialFormSet,
    PostFormSet,
    ServiceGuideForm,
    ServiceWindowForm,
    StageFormSet,
)
from sanxiang.agencies.http import AuthedRequest
from sanxiang.agencies.models import Agency, ServiceGuide, ServiceWindow
from sanxiang.agencies.services import guides as services
from sanxiang.core.forms import add_service_errors


def _manageable(request: AuthedRequest, agency: Agency) -> Agency:
    if not permissions.can_manage_power_list(request.user, agency):
        raise PermissionDenied(
            _("Only the agency's system administrator may edit its guides and windows.")
        )
    return agency


@login_required
def guide_list(request: AuthedRequest, agency_id: int) -> HttpResponse:
    agency = selectors.get_agency_for_user(user=request.user, agency_id=agency_id)
    context = {
        "agency": agency,
        "guides": ServiceGuide.objects.filter(agency=agency).order_by("name"),
        "windows": ServiceWindow.objects.filter(agency=agency).order_by("name"),
        "can_manage": permissions.can_manage_power_list(request.user, agency),
    }
    return render(request, "agencies/guide_admin_list.html", context)


def _edit_guide(request: AuthedRequest, agency: Agency, guide: ServiceGuide) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ServiceGuideForm(data, instance=guide, agency=agency)
    materials = MaterialFormSet(data, files, instance=guide, prefix="materials")
    stages = StageFormSet(data, instance=guide, prefix="stages")
    if data is not None:
        valid = all([form.is_valid(), materials.is_valid(), stages.is_valid()])
        if valid:
            try:
                saved = services.save_guide(
                    actor=request.user, agency=agency, form=form, materials=materials,
                    stages=stages,
                )  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The guide is saved; the portal shows it at once."))
                return redirect("workbench:guide-edit", guide_id=saved.pk)
    context = {"agency": agency, "guide": guide if guide.pk else None, "form": form,
               "materials": materials, "stages": stages}  # fmt: skip
    return render(request, "agencies/guide_form.html", context)


@login_required
def guide_new(request: AuthedRequest, agency_id: int) -> HttpResponse:
    agency = _manageable(
        request, selectors.get_agency_for_user(user=request.user, agency_id=agency_id)
    )
    return _edit_guide(request, agency, ServiceGuide(agency=agency))


@login_required
def guide_edit(request: AuthedRequest, guide_id: int) -> HttpResponse:
    guide = get_object_or_404(
        ServiceGuide.objects.filter(agency__in=selectors.agencies_visible_to(user=request.user)),
        pk=guide_id,
    )
    return _edit_guide(request, _manageable(request, guide.agency), guide)


def _edit_window(request: AuthedRequest, agency: Agency, window: ServiceWindow) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = ServiceWindowForm(data, instance=window, agency=agency)
    posts = PostFormSet(data, instance=window, prefix="posts", form_kwargs={"agency": agency})
    if data is not None and all([form.is_valid(), posts.is_valid()]):
        try:
            saved = services.save_window(actor=request.user, agency=agency, form=form, posts=posts)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The window board is saved; the portal shows it at once."))
            return redirect("workbench:window-edit", window_id=saved.pk)
    context = {"agency": agency, "window": window if window.pk else None, "form": form,
               "posts": posts}  # fmt: skip
    return render(request, "agencies/window_form.html", context)


@login_required
def window_new(request: AuthedRequest, agency_id: int) -> HttpResponse:
    agency = _manageable(
        request, selectors.get_agency_for_user(user=request.user, agency_id=agency_id)
    )
    return _edit_window(request, agency, ServiceWindow(agency=agency))


@login_required
def window_edit(request: AuthedRequest, window_id: int) -> HttpResponse:
    window = get_object_or_404(
        ServiceWindow.objects.filter(agency__in=selectors.agencies_visible_to(user=request.user)),
        pk=window_id,
    )
    return _edit_window(request, _manageable(request, window.agency), window)
