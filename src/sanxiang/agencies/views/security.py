"""The security events page (安全审计, issue 9): administrators and supervisors read the
sign-ins, refusals, exports and key changes of the agencies in their scope, and export them."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies import permissions, selectors
from sanxiang.agencies.forms import SecurityEventFilterForm
from sanxiang.agencies.http import AuthedRequest
from sanxiang.core.audit import record_export
from sanxiang.core.models import SecurityEvent
from sanxiang.core.reauth import reauth_required
from sanxiang.core.spreadsheets import SafeWriter

PAGE_SIZE = 50
CSV_LIMIT = 100_000


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _filtered(events: QuerySet[SecurityEvent], data: dict) -> QuerySet[SecurityEvent]:
    if data.get("kind"):
        events = events.filter(kind=data["kind"])
    if data.get("user"):
        events = events.filter(username=data["user"].strip())
    if data.get("date_from"):
        events = events.filter(at__gte=_day_start(data["date_from"]))
    if data.get("date_to"):
        events = events.filter(at__lt=_day_start(data["date_to"] + dt.timedelta(days=1)))
    return events


def _csv(events: QuerySet[SecurityEvent]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    writer = SafeWriter(buffer)
    writer.writerow([_("Number"), _("Time"), _("Event"), _("User name"), _("Network address"),
                     _("Page"), _("Browser"), _("Detail")])  # fmt: skip
    for event in events[:CSV_LIMIT].iterator(chunk_size=1000):
        writer.writerow([
            event.pk, timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            event.kind_label, event.username, event.address or "", event.path,
            event.user_agent, json.dumps(event.detail, ensure_ascii=False, sort_keys=True),
        ])  # fmt: skip
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"security-events-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _exports(request: AuthedRequest) -> bool:
    return request.GET.get("format") == "csv"


@login_required
@reauth_required(when=_exports, download=True)
def security_events(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_read_security_events(request.user):
        raise PermissionDenied(_("Only administrators and supervisors read security events."))
    form = SecurityEventFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    events = _filtered(selectors.security_events_visible_to(user=request.user), data)
    events = events.order_by("-id")
    if _exports(request) and form.is_valid():
        record_export(request, what="security-events", query=request.GET.urlencode())
        return _csv(events)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "agencies/security_events.html", context)
