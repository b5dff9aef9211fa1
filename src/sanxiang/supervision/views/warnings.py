"""Workbench pages of supervision: the warnings and their handling (督办)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sanxiang.agencies.http import AuthedRequest
from sanxiang.agencies.selectors import agencies_visible_to
from sanxiang.supervision import permissions, selectors, services
from sanxiang.supervision.choices import WarningStatus
from sanxiang.supervision.forms import NoteForm, WarningFilterForm
from sanxiang.supervision.models import Warning

PAGE_SIZE = 50


@login_required
def warning_list(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_watch(request.user):
        raise PermissionDenied(_("Warnings are for supervisors, heads and administrators."))
    form = WarningFilterForm(
        request.GET or {"status": "unresolved"}, agencies=agencies_visible_to(user=request.user)
    )
    warnings = selectors.warnings_visible_to(user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["status"] == "unresolved":
            warnings = warnings.exclude(status=WarningStatus.RESOLVED)
        elif data["status"]:
            warnings = warnings.filter(status=data["status"])
        for field in ("level", "kind", "agency"):
            if data[field]:
                warnings = warnings.filter(**{field: data[field]})
    page = Paginator(warnings.order_by("-level", "due_on", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "supervision/warning_list.html", {"form": form, "page": page})


@login_required
def warning_detail(request: AuthedRequest, warning_id: int) -> HttpResponse:
    warning = selectors.get_warning_for_user(user=request.user, warning_id=warning_id)
    context = {
        "warning": warning,
        "events": warning.events.select_related("actor"),
        "can_handle": permissions.can_handle(request.user, warning),
        "can_urge": permissions.can_urge(request.user, warning),
        "form": NoteForm(),
    }
    return render(request, "supervision/warning_detail.html", context)


_ACTIONS: dict[str, tuple[Callable[..., Warning], Any]] = {
    "acknowledge": (services.acknowledge_warning, gettext_lazy("Warning acknowledged.")),
    "resolve": (services.resolve_warning, gettext_lazy("Warning resolved.")),
    "urge": (
        services.urge_warning,
        gettext_lazy("Instruction recorded and sent to the agency's work list."),
    ),
}


@login_required
@require_POST
def warning_action(request: AuthedRequest, warning_id: int, action: str) -> HttpResponse:
    warning = selectors.get_warning_for_user(user=request.user, warning_id=warning_id)
    if action not in _ACTIONS:
        raise PermissionDenied
    service, done = _ACTIONS[action]
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        service(actor=request.user, warning=warning, note=form.cleaned_data.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(done))
    return redirect("workbench:warning", warning_id=warning.pk)
