"""Evidence items, corrections of an archived file, and the case-file export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.http import AuthedRequest
from sanxiang.cases.choices import Transition
from sanxiang.cases.permissions import can_take
from sanxiang.cases.selectors import (
    CaseAction,
    cases_visible_to,
    get_case_for_user,
    transition_reasons,
)
from sanxiang.cases.services import transition_case
from sanxiang.cases.statemachine import TRANSITIONS
from sanxiang.core.audit import record_export
from sanxiang.core.forms import add_service_errors
from sanxiang.core.reauth import reauth_required
from sanxiang.core.roles import Role
from sanxiang.records import access, archive, evidence
from sanxiang.records.forms import ArchiveForm, CorrectionForm, EvidenceForm
from sanxiang.records.models import Evidence
from sanxiang.records.permissions import can_write_records
from sanxiang.records.serving import disposition, serve_blob


@login_required
def evidence_new(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(user=request.user, case_id=case_id, action=CaseAction.HANDLE)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evidence.add_evidence(
                actor=request.user, case=case, fileobj=data["file"], filename=data["file"].name,
                kind=data["kind"], title=data["title"], collected_on=data["collected_on"],
                description=data["description"], source=data["source"],
                is_sensitive=data["is_sensitive"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Evidence added."))
            return redirect(case)
    context = {"form": form, "case": case, "title": _("Add evidence"), "multipart": True}
    return render(request, "records/case_form.html", context)


@login_required
def evidence_file(request: AuthedRequest, evidence_id: int) -> HttpResponseBase:
    item = (
        Evidence.objects.select_related("case")
        .filter(pk=evidence_id, case__in=cases_visible_to(user=request.user))
        .first()
    )
    if item is None:
        raise Http404
    gate = access.gate(request, item.case, item, action=access.Action.DOWNLOAD)
    if gate is not None:
        return gate
    inline = item.media_type.startswith("image/") or item.media_type == "application/pdf"
    return serve_blob(
        request, item.digest, media_type=item.media_type, filename=item.original_name,
        inline=inline,
    )  # fmt: skip


@login_required
def correction_new(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(user=request.user, case_id=case_id)
    if not (request.user.agency_id == case.agency_id and request.user.has_role(Role.HEAD)):
        raise PermissionDenied(_("Only the agency head approves a correction of a case file."))
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            archive.append_correction(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Correction appended to the case file."))
            return redirect(case)
    context = {"form": form, "case": case, "title": _("Append a correction")}
    return render(request, "records/case_form.html", context)


@login_required
def case_archive(request: AuthedRequest, case_id: int) -> HttpResponse:
    """归档: what the file still lacks, and the button to archive once it lacks nothing."""
    case = get_case_for_user(user=request.user, case_id=case_id)
    rule = TRANSITIONS[Transition.ARCHIVE]
    if not can_take(request.user, case, rule):
        raise PermissionDenied(_("Only the case's handling officers or the head archive a case."))
    form = ArchiveForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            transition_case(actor=request.user, case=case, transition=Transition.ARCHIVE,
                            on=form.cleaned_data["on"])  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The case file is archived and frozen."))
            return redirect(case)
    reasons = transition_reasons(user=request.user, case=case, transition=Transition.ARCHIVE)
    context = {
        "case": case, "form": form, "rows": archive.archive_checklist(case),
        "missing": [] if case.is_frozen else archive.missing_for_archive(case),
        "reasons": reasons, "can_archive": not reasons,
        "can_write": can_write_records(request.user, case) and not case.is_frozen,
    }  # fmt: skip
    return render(request, "records/archive.html", context)


@login_required
@reauth_required(download=True)
def case_export(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(user=request.user, case_id=case_id)
    gate = access.gate(request, case, case, action=access.Action.EXPORT)
    if gate is not None:
        return gate
    data = archive.export_case_file(case=case, actor=request.user)
    response = HttpResponse(data, content_type="application/zip")
    name = f"{case.number}-案卷-{timezone.localdate():%Y%m%d}.zip"
    response["Content-Disposition"] = disposition(name, inline=False)
    record_export(request, what="case-file", case=case.pk, number=case.number)
    return response
