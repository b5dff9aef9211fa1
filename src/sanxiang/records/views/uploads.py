"""Recording uploads: the page, the plain form, and the JSON endpoints of a chunked upload.

The chunked protocol (records/static/records/upload.js):
  POST cases/<id>/uploads/           metadata, filename, size → {token, received, chunk_size}
  GET  uploads/<token>/              → {received, total, state, chunk_size}: where to resume
  POST uploads/<token>/?offset=N     raw bytes of one chunk → {received}
  POST uploads/<token>/finish/       → {url} of the new recording
Errors answer {"error": "…中文…", "received": N} with status 400 (or 403/404); a refused
start adds {"fields": {name: [messages]}} so that each message shows beside its field.
The server's ``chunk_size`` is the one the script sends: the page's is only a first guess.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sanxiang.agencies.http import AuthedRequest
from sanxiang.cases.selectors import CaseAction, get_case_for_user
from sanxiang.core.forms import add_service_errors
from sanxiang.records import selectors, services
from sanxiang.records.forms import RecordingUploadForm, UploadStartForm
from sanxiang.records.models import UploadSession


def _error(
    message: Any, status: int = 400, session: UploadSession | None = None,
    fields: dict[str, list[str]] | None = None,
) -> JsonResponse:  # fmt: skip
    body: dict[str, Any] = {"error": message}
    if fields:
        body["fields"] = fields  # the script shows each message beside its field
    if session is not None:
        session.refresh_from_db()
        body["received"] = session.received
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def recording_new(request: AuthedRequest, case_id: int) -> HttpResponse:
    """The upload page; its form also works without JavaScript (one request, small files)."""
    case = get_case_for_user(user=request.user, case_id=case_id, action=CaseAction.HANDLE)
    initial = {
        "place": case.place, "collector": getattr(request.user, "officer", None),
        "act": request.GET.get("act"), "collected_at": timezone.localtime().replace(second=0),
    }  # fmt: skip
    form = RecordingUploadForm(
        request.POST or None, request.FILES or None, case=case, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            recording = services.upload_file(
                actor=request.user, case=case, fileobj=upload, filename=upload.name,
                size=upload.size, act=form.cleaned_data["act"],
                metadata={**form.metadata(), "is_full": form.cleaned_data["is_full"]},
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Recording uploaded."))
            return redirect(recording)
    context = {"form": form, "case": case, "chunk_size": settings.RECORDS_CHUNK_BYTES}
    return render(request, "records/recording_form.html", context)


@login_required
@require_POST
def upload_start(request: AuthedRequest, case_id: int) -> JsonResponse:
    case = get_case_for_user(user=request.user, case_id=case_id, action=CaseAction.HANDLE)
    form = UploadStartForm(request.POST, case=case)
    if not form.is_valid():
        errors = [f"{form.fields[f].label or f}：{e}" for f, es in form.errors.items() for e in es]
        return _error(
            " ".join(errors), fields={f: [str(e) for e in es] for f, es in form.errors.items()}
        )
    data = form.cleaned_data
    try:
        session = services.start_upload(
            actor=request.user, case=case, filename=data["filename"], total_size=data["size"],
            act=data["act"], metadata={**form.metadata(), "is_full": data["is_full"]},
        )  # fmt: skip
    except ValidationError as error:
        fields = error.message_dict if hasattr(error, "error_dict") else None
        return _error(_messages(error), fields=fields)
    return JsonResponse(
        {"token": session.token, "received": 0, "chunk_size": settings.RECORDS_CHUNK_BYTES},
        status=201,
    )


@login_required
@require_http_methods(["GET", "POST"])
def upload_chunk(request: AuthedRequest, token: str) -> JsonResponse:
    session = selectors.get_session_for_user(user=request.user, token=token)
    if request.method == "GET":
        return JsonResponse(
            {"received": session.received, "total": session.total_size, "state": session.state,
             "chunk_size": settings.RECORDS_CHUNK_BYTES}
        )  # fmt: skip
    try:
        offset = int(request.GET.get("offset", ""))
    except ValueError:
        return _error(_("Say at which byte this chunk starts."), session=session)
    # Read the raw stream: request.body would refuse anything over the form-data limit.
    data = request.read(settings.RECORDS_CHUNK_BYTES + 1)
    if len(data) > settings.RECORDS_CHUNK_BYTES:
        return _error(
            _("A chunk may not be larger than the announced chunk size."), session=session
        )
    try:
        received = services.append_chunk(
            actor=request.user, session=session, offset=offset, data=data
        )
    except ValidationError as error:
        return _error(_messages(error), session=session)
    except PermissionDenied as error:
        return _error(str(error), status=403)
    return JsonResponse({"received": received, "total": session.total_size})


@login_required
@require_POST
def upload_finish(request: AuthedRequest, token: str) -> JsonResponse:
    session = selectors.get_session_for_user(user=request.user, token=token)
    try:
        recording = services.finish_upload(actor=request.user, session=session)
    except ValidationError as error:
        return _error(_messages(error), session=session)
    except PermissionDenied as error:
        return _error(str(error), status=403)
    return JsonResponse({"url": recording.get_absolute_url(), "digest": recording.digest})
