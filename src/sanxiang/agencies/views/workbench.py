"""Workbench pages of agencies and people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies import permissions, selectors, services
from sanxiang.agencies.choices import CredentialStatus
from sanxiang.agencies.forms import (
    CredentialForm,
    CredentialStatusForm,
    OfficerFilterForm,
    OfficerForm,
)
from sanxiang.agencies.http import AuthedRequest
from sanxiang.agencies.models import Credential
from sanxiang.core.forms import add_service_errors

PAGE_SIZE = 50


# --- Workbench ----------------------------------------------------------------------------


@login_required
def agency_list(request: AuthedRequest) -> HttpResponse:
    agencies = selectors.agencies_visible_to(user=request.user).select_related("parent")
    return render(request, "agencies/agency_list.html", {"agencies": agencies})


@login_required
def agency_detail(request: AuthedRequest, agency_id: int) -> HttpResponse:
    agency = selectors.get_agency_for_user(user=request.user, agency_id=agency_id)
    context = {
        "agency": agency,
        "departments": agency.departments.all(),
        "reviewers": agency.reviewers.filter(is_active=True),
        "officer_count": agency.officers.count(),
        "can_manage": permissions.can_manage_people(request.user, agency),
    }
    return render(request, "agencies/agency_detail.html", context)


@login_required
def officer_list(request: AuthedRequest) -> HttpResponse:
    agencies = selectors.agencies_visible_to(user=request.user)
    form = OfficerFilterForm(request.GET or None, agencies=agencies)
    officers = selectors.officers_visible_to(user=request.user).prefetch_related(
        Prefetch("credentials", queryset=Credential.objects.order_by("-valid_to"))
    )
    if form.is_valid():
        if form.cleaned_data["q"]:
            q = form.cleaned_data["q"].strip()
            officers = officers.filter(Q(name__contains=q) | Q(credentials__number__contains=q))
        if form.cleaned_data["agency"]:
            officers = officers.filter(agency=form.cleaned_data["agency"])
        if form.cleaned_data["status"]:
            officers = officers.filter(status=form.cleaned_data["status"])
    page = Paginator(officers.distinct().order_by("agency__name", "name"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    rows = [(officer, officer.current_credential(today)) for officer in page]
    own_agency = request.user.agency
    can_add = own_agency is not None and permissions.can_manage_people(request.user, own_agency)
    return render(
        request,
        "agencies/officer_list.html",
        {"form": form, "page": page, "rows": rows, "can_add": can_add},
    )


@login_required
def officer_detail(request: AuthedRequest, officer_id: int) -> HttpResponse:
    officer = selectors.get_officer_for_user(user=request.user, officer_id=officer_id)
    today = timezone.localdate()
    credentials = officer.credentials.prefetch_related("domains", "events__actor")
    context = {
        "officer": officer,
        "credentials": [(c, c.state_on(today)) for c in credentials],
        "trainings": officer.trainings.all(),
        "can_manage": permissions.can_manage_people(request.user, officer.agency),
    }
    return render(request, "agencies/officer_detail.html", context)


@login_required
def officer_create(request: AuthedRequest) -> HttpResponse:
    agency = request.user.agency
    if agency is None or not permissions.can_manage_people(request.user, agency):
        raise PermissionDenied(_("Only the agency's system administrator may register officers."))
    form = OfficerForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            officer = services.register_officer(
                actor=request.user, agency=agency, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Officer %(name)s registered.") % {"name": officer.name})
            return redirect(officer)
    return render(request, "agencies/officer_form.html", {"form": form, "agency": agency})


@login_required
def credential_create(request: AuthedRequest, officer_id: int) -> HttpResponse:
    officer = selectors.get_officer_for_user(user=request.user, officer_id=officer_id)
    if not permissions.can_manage_people(request.user, officer.agency):
        raise PermissionDenied(_("Only the agency's system administrator may record credentials."))
    form = CredentialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_credential(actor=request.user, officer=officer, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Credential recorded."))
            return redirect(officer)
    return render(request, "agencies/credential_form.html", {"form": form, "officer": officer})


@login_required
def credential_status(request: AuthedRequest, credential_id: int) -> HttpResponse:
    credential = selectors.get_credential_for_user(user=request.user, credential_id=credential_id)
    officer = credential.officer
    if not permissions.can_manage_people(request.user, officer.agency):
        raise PermissionDenied(_("Only the agency's system administrator may change credentials."))
    form = CredentialStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_credential_status(
                actor=request.user,
                credential=credential,
                status=CredentialStatus(form.cleaned_data["status"]),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Credential status changed."))
            return redirect(officer)
    return render(
        request,
        "agencies/credential_status_form.html",
        {"form": form, "credential": credential, "officer": officer},
    )
