"""The dashboard of heads and supervisors: panels as charts with their numbers as tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanxiang.agencies.http import AuthedRequest
from sanxiang.agencies.models import Agency
from sanxiang.agencies.selectors import agencies_visible_to
from sanxiang.core.forms import DateInput
from sanxiang.supervision import charts, dashboards, permissions


class DashboardFilter(forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency"), queryset=Agency.objects.none(), required=False,
        empty_label=gettext_lazy("All agencies in my scope"),
    )  # fmt: skip
    start = forms.DateField(label=gettext_lazy("From"), required=False,
                            widget=DateInput)  # fmt: skip
    end = forms.DateField(label=gettext_lazy("To"), required=False,
                          widget=DateInput)  # fmt: skip

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end of the period is before its start."))
        return data


def _scope(form: DashboardFilter, agencies: QuerySet[Agency], today: dt.date) -> dashboards.Scope:
    data = form.cleaned_data if form.is_valid() else {}
    start = data.get("start") or dt.date(today.year - 1, today.month, 1)
    end = data.get("end") or today
    chosen = data.get("agency")
    ids = [chosen.pk] if chosen else list(agencies.values_list("pk", flat=True))
    return dashboards.Scope(agency_ids=ids, start=start, end=end)


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_watch(request.user):
        raise PermissionDenied(_("Dashboards are for supervisors, heads and administrators."))
    agencies = agencies_visible_to(user=request.user).order_by("name")
    form = DashboardFilter(request.GET or None, agencies=agencies)
    today = timezone.localdate()
    scope = _scope(form, agencies, today)
    panels = [
        (panel, charts.svg_bars([r[0] for r in panel.rows], [r[1] for r in panel.rows],
                                title=str(panel.title)) if panel.rows else "")
        for panel in dashboards.panels(scope, today)
    ]  # fmt: skip
    context = {"form": form, "panels": panels, "scope": scope}
    return render(request, "supervision/dashboard.html", context)
