"""Re-authentication for sensitive acts ("sudo mode", issue 9; ASVS 2.1 / 3.7.1).

A fresh sign-in opens a window of ``REAUTH_SECONDS``; outside it, deciding, publishing,
withdrawing and exporting bulk data first ask for the password again (and the one-time
code when the user has an authenticator). Nothing typed is ever lost:

- on a GET (a form page, a download), the user is sent to the confirm page first and
  comes back to the same address afterwards, before typing anything;
- on a POST (the window ran out while the form was being filled in), the answer is the
  confirm form carrying every posted value as a hidden field; confirming posts them again
  to the same address together with the password, and the action goes through at once.

Views opt in with ``@reauth_required`` (``when=`` limits it to some requests, e.g. the
publish button but not the preview). Successes and failures are security events; after
``MAX_FAILURES`` wrong answers in a row the session is signed out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanxiang.core.audit import Kind, record_security_event

SESSION_KEY = "sanxiang_reauth_at"
FAILURES_KEY = "sanxiang_reauth_failures"
PREFIX = "reauth"
MAX_FAILURES = 5
# Posted values never echoed back into the confirm page.
NOT_CARRIED = frozenset({"csrfmiddlewaretoken", f"{PREFIX}-password", f"{PREFIX}-code"})


def start_window(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = time.time()
    request.session.pop(FAILURES_KEY, None)


def window_open(request: HttpRequest) -> bool:
    at = request.session.get(SESSION_KEY)
    return isinstance(at, int | float) and time.time() - at < settings.REAUTH_SECONDS


def device_for(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class ReauthForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to confirm it is you.")},
    )
    code = forms.RegexField(
        label=_("One-time code"),
        regex=r"^\d{6}$",
        required=False,
        help_text=_("The 6-digit code your authenticator app shows now."),
        error_messages={"invalid": _("Enter the 6 digits your authenticator app shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs["prefix"] = PREFIX
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device_for(user)
        if self.device is None:
            del self.fields["code"]
        else:
            self.fields["code"].required = True
            self.fields["code"].error_messages["required"] = _(
                "Enter the one-time code from your authenticator app as well."
            )
        self.failure = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "password" in data and not self.user.check_password(data["password"]):
            self.failure = "password"
            raise forms.ValidationError(_("The password is wrong."), code="password")
        if self.device is not None and data.get("code"):
            allowed, _details = self.device.verify_is_allowed()
            if not allowed:
                self.failure = "code_throttled"
                self.add_error(
                    "code", _("Too many wrong codes. Wait a little before trying again.")
                )
            elif not self.device.verify_token(data["code"]):
                self.failure = "code"
                self.add_error(
                    "code", _("The code is wrong or has expired. Wait for the next code.")
                )
        return data


def confirm(request: HttpRequest, form: ReauthForm) -> bool:
    """Check the answer; record it; open a new window on success. False if refused."""
    if form.is_valid():
        start_window(request)
        record_security_event(kind=Kind.REAUTH, actor=request.user, request=request)
        return True
    if form.is_bound and (form.failure or form.errors):
        failures = int(request.session.get(FAILURES_KEY, 0)) + 1
        request.session[FAILURES_KEY] = failures
        record_security_event(
            kind=Kind.REAUTH_FAILED, actor=request.user, request=request,
            detail={"reason": form.failure or "incomplete", "failures": failures},
        )  # fmt: skip
    return False


def too_many_failures(request: HttpRequest) -> bool:
    return int(request.session.get(FAILURES_KEY, 0)) >= MAX_FAILURES


def sign_out(request: HttpRequest) -> HttpResponse:
    """After too many wrong answers the session may be someone else's: end it."""
    logout(request)
    return HttpResponseRedirect(reverse("login") + "?" + urlencode({"reauth": "failed"}))


def safe_url(request: HttpRequest, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return None


def confirm_url(request: HttpRequest, *, download: bool) -> str:
    query = {"next": request.get_full_path()}
    back = safe_url(request, request.META.get("HTTP_REFERER"))
    if back:
        query["back"] = back
    if download:
        query["download"] = "1"
    return reverse("reauth") + "?" + urlencode(query)


def _carried(request: HttpRequest) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name not in NOT_CARRIED
        for value in values
    ]


def _confirm_post(request: HttpRequest, view: Callable[..., HttpResponse], *args: Any,
                  **kwargs: Any) -> HttpResponse:  # fmt: skip
    answered = f"{PREFIX}-password" in request.POST
    form = ReauthForm(request.POST if answered else None, user=request.user)
    if answered and confirm(request, form):
        data = QueryDict(mutable=True)
        for name, values in request.POST.lists():
            if name not in NOT_CARRIED - {"csrfmiddlewaretoken"}:
                data.setlist(name, values)
        request.POST = data  # type: ignore[assignment]  # the form's data, as first posted
        return view(request, *args, **kwargs)
    if too_many_failures(request):
        return sign_out(request)
    context = {
        "form": form, "carried": _carried(request), "action": request.get_full_path(),
        "minutes": settings.REAUTH_SECONDS // 60,
    }  # fmt: skip
    return render(request, "registration/reauth_post.html", context)


def reauth_required(
    view: Callable[..., HttpResponse] | None = None,
    *,
    when: Callable[[Any], bool] | None = None,
    download: bool = False,
) -> Any:
    """Ask for the password again before the view runs, outside the re-auth window.

    ``when(request)`` (optional) says whether this request is a sensitive act; ``download``
    marks a view whose answer is a file, so the confirm page links to it rather than
    redirecting into it.
    """

    def decorate(func: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(func)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if (
                not request.user.is_authenticated
                or (when is not None and not when(request))
                or window_open(request)
            ):
                return func(request, *args, **kwargs)
            if request.method == "POST":
                return _confirm_post(request, func, *args, **kwargs)
            return HttpResponseRedirect(confirm_url(request, download=download))

        return wrapped

    return decorate(view) if view is not None else decorate


def is_post(request: HttpRequest) -> bool:
    return request.method == "POST"
