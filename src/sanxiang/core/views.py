"""Core views: the workbench home ("my work") and the two-factor sign-in pages."""

from __future__ import annotations

import base64
import io

import segno
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanxiang.core import twofactor
from sanxiang.core.forms import OneTimeCodeForm
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
        form.add_error("code", _("The code does not match. Check the phone's clock and try again."))
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(buffer, kind="svg", scale=5, xmldecl=False)
    context = {
        "form": form,
        "qr_svg": buffer.getvalue().decode(),
        "secret": base64.b32encode(device.bin_key).decode(),
    }
    return render(request, "registration/two_factor_setup.html", context)
