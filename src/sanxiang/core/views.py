"""Core views: the workbench home ("my work"), the two-factor sign-in pages, the confirm page
of re-authentication and the audited password change."""

from __future__ import annotations

import base64
import io

import segno
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanxiang.core import reauth, twofactor
from sanxiang.core.audit import Kind, record_security_event
from sanxiang.core.forms import OneTimeCodeForm, SecondFactorPasswordChangeForm
from sanxiang.core.worklist import Urgency, work_for


@login_required
def workbench_home(request: HttpRequest) -> HttpResponse:
    items = work_for(request.user)
    groups = [(urgency, [i for i in items if i.urgency == urgency]) for urgency in Urgency]
    return render(request, "core/workbench_home.html", {"groups": groups, "items": items})


def _next_url(request: HttpRequest) -> str:
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("workbench:home")


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    device = twofactor.confirmed_device(request.user)
    if device is None:
        return redirect(reverse("two-factor-setup") + "?" + request.GET.urlencode())
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        record_security_event(
            kind=Kind.TWO_FACTOR_FAILED, actor=request.user, request=request,
            detail={"step": "sign-in", "throttled": not allowed},
        )  # fmt: skip
        form.add_error(
            "code",
            _("The code is wrong or has expired. Wait for the next code and try again.")
            if allowed
            else _("Too many wrong codes. Wait a little before trying again."),
        )
    return render(request, "registration/two_factor_verify.html", {"form": form})


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if twofactor.confirmed_device(request.user) is not None:
        return redirect(reverse("two-factor-verify") + "?" + request.GET.urlencode())
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next_url(request))
        record_security_event(
            kind=Kind.TWO_FACTOR_FAILED, actor=request.user, request=request,
            detail={"step": "setup"},
        )  # fmt: skip
        form.add_error("code", _("The code does not match. Check the phone's clock and try again."))
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(buffer, kind="svg", scale=5, xmldecl=False)
    context = {
        "form": form,
        "qr_svg": buffer.getvalue().decode(),
        "secret": base64.b32encode(device.bin_key).decode(),
    }
    return render(request, "registration/two_factor_setup.html", context)


@login_required
def reauth_confirm(request: HttpRequest) -> HttpResponse:
    """Ask for the password (and code) again, then go back to the sensitive page."""
    target = reauth.safe_url(request, request.GET.get("next")) or reverse("workbench:home")
    back = reauth.safe_url(request, request.GET.get("back"))
    form = reauth.ReauthForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if reauth.confirm(request, form):
            if request.GET.get("download"):
                done = {"target": target, "back": back}
                return render(request, "registration/reauth_done.html", done)
            return redirect(target)
        if reauth.too_many_failures(request):
            return reauth.sign_out(request)
    context: dict[str, object] = {
        "form": form, "back": back, "minutes": settings.REAUTH_SECONDS // 60,
    }  # fmt: skip
    return render(request, "registration/reauth.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (with the one-time code when the user has an authenticator),
    recorded as a security event."""

    form_class = SecondFactorPasswordChangeForm
    # Not registration/…: the admin's template of that name comes first and was shown.
    template_name = "core/password_change_form.html"

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)
        record_security_event(
            kind=Kind.PASSWORD_CHANGED, actor=self.request.user, request=self.request,
            detail={"by": "self"},
        )  # fmt: skip
        return response
