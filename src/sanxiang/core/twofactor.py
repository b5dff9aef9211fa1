"""Two-factor sign-in (TOTP, issue 9): required for the roles in ``TWO_FACTOR_ROLES`` and
for anyone who has set up an authenticator; the workbench and the admin stay closed to a
session that has not given its one-time code.

django-otp keeps the devices and checks codes (with its own throttling of wrong codes);
this module decides who needs a second factor and guards the doors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

GUARDED_PREFIXES = ("/workbench/", "/admin/")


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def requires_two_factor(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    roles = set(settings.TWO_FACTOR_ROLES)
    if user.is_superuser and "admin" in roles:
        return True
    if roles & set(getattr(user, "roles", ())):
        return True
    return confirmed_device(user) is not None


class TwoFactorMiddleware:
    """Send a signed-in user who still owes a one-time code to give it (or to set one up)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and request.path.startswith(GUARDED_PREFIXES)
            and requires_two_factor(user)
            and not user.is_verified()
        ):
            target = "two-factor-verify" if confirmed_device(user) else "two-factor-setup"
            return HttpResponseRedirect(
                reverse(target) + "?" + urlencode({"next": request.get_full_path()})
            )
        return self.get_response(request)
