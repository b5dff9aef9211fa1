"""Supervised access pages: the reader's reason, and a case's access log for supervisors."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanxiang.agencies.http import AuthedRequest
from sanxiang.cases.selectors import get_case_for_user, get_party_for_user
from sanxiang.records import access
from sanxiang.records.permissions import can_read_access_log
from sanxiang.records.selectors import access_log_of


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you read these records?"),
        min_length=4, max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("E.g. 案卷评查 2026 年第二季度; 投诉核查. The reason is logged."),
    )  # fmt: skip


def _reason_page(request: AuthedRequest, title: str, key_prefix: str, back: str) -> HttpResponse:
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = back
    key = request.GET.get("what", "")
    if not (key == key_prefix or key.startswith(("Recording:", "Evidence:", "Document:"))):
        key = key_prefix
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        access.grant(request, key, form.cleaned_data["reason"])
        return redirect(target)
    sensitive = key != key_prefix
    context = {"form": form, "title": title, "sensitive": sensitive, "back": back}
    return render(request, "records/access_reason.html", context)


@login_required
def case_access(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(user=request.user, case_id=case_id)
    title = _("Reading the records of case %(number)s") % {"number": case.number}
    return _reason_page(request, title, f"case:{case.pk}", back=case.get_absolute_url())


@login_required
def party_access(request: AuthedRequest, party_id: int) -> HttpResponse:
    party = get_party_for_user(user=request.user, party_id=party_id)
    title = _("Reading the party file of %(name)s") % {"name": party.name}
    return _reason_page(request, title, f"party:{party.pk}", back="/workbench/")


@login_required
def case_access_log(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(user=request.user, case_id=case_id)
    if not can_read_access_log(request.user, case):
        raise PermissionDenied(_("Only supervisors and the agency head read the access log."))
    page = Paginator(access_log_of(case=case), 100).get_page(request.GET.get("page"))
    return render(request, "records/access_log.html", {"case": case, "page": page})
