"""Links to a case's evidence package for the party and the court: issue, list, revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sanxiang.agencies.http import AuthedRequest
from sanxiang.cases.selectors import get_case_for_user
from sanxiang.core.forms import add_service_errors
from sanxiang.ledger.links import MAX_DAYS
from sanxiang.ledger.models import PackageLink
from sanxiang.records import archive


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("For"), choices=PackageLink.Kind.choices)
    recipient = forms.CharField(
        label=gettext_lazy("Recipient and reference"), max_length=200,
        help_text=gettext_lazy("E.g. 东丽区人民法院（2026）津0110行初12号, or the party's name."),
    )  # fmt: skip
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=7
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for revoking"), max_length=300)


@login_required
def package_links(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(user=request.user, case_id=case_id)
    if not archive.can_issue_package_link(request.user, case):
        raise PermissionDenied(
            _("Only the agency head issues a link to a case's evidence package.")
        )
    form = LinkForm(request.POST or None)
    url = None
    if request.method == "POST" and form.is_valid():
        try:
            _link, token = archive.issue_package_link(actor=request.user, case=case,
                                                      **form.cleaned_data)  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            url = request.build_absolute_uri(reverse("portal:ledger-package", args=[token]))
            form = LinkForm()
    context = {"case": case, "form": form, "url": url, "links": archive.package_links_of(case),
               "revoke_form": RevokeForm()}  # fmt: skip
    return render(request, "records/package_links.html", context)


@login_required
@require_POST
def package_link_revoke(request: AuthedRequest, case_id: int, link_id: int) -> HttpResponse:
    case = get_case_for_user(user=request.user, case_id=case_id)
    if not archive.can_issue_package_link(request.user, case):
        raise PermissionDenied(
            _("Only the agency head revokes a link to a case's evidence package.")
        )
    link = get_object_or_404(PackageLink, pk=link_id, subject=f"case:{case.pk}")
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for revoking the link."))
    else:
        try:
            archive.revoke_package_link(actor=request.user, case=case, link=link,
                                        reason=form.cleaned_data["reason"])  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The link is revoked: it no longer works."))
    return redirect("workbench:case-package-links", case.pk)
