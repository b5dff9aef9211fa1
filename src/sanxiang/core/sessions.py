"""Session expiry (ASVS 3.3.2, level 2): an absolute limit and an idle limit.

Django's own expiry counts from the session's last save; this middleware keeps when the
user signed in and when they were last seen, and signs them out past either limit. "Last
seen" is written at most once a minute, so an active session does not write on every
request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

SIGNED_IN_KEY = "sanxiang_signed_in_at"
SEEN_KEY = "sanxiang_seen_at"
SEEN_RESOLUTION = 60


def start(request: HttpRequest) -> None:
    now = time.time()
    request.session[SIGNED_IN_KEY] = now
    request.session[SEEN_KEY] = now


def expired(request: HttpRequest, now: float) -> str | None:
    """Why the session is over ("idle", "absolute"), or None."""
    signed_in = request.session.get(SIGNED_IN_KEY)
    seen = request.session.get(SEEN_KEY)
    if isinstance(signed_in, int | float) and now - signed_in > settings.SESSION_COOKIE_AGE:
        return "absolute"
    if isinstance(seen, int | float) and now - seen > settings.SESSION_IDLE_SECONDS:
        return "idle"
    return None


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            reason = expired(request, now)
            if reason is not None:
                request.sanxiang_logout_reason = reason  # type: ignore[attr-defined]
                logout(request)
                query = urlencode({"next": request.get_full_path(), "expired": reason})
                return HttpResponseRedirect(reverse("login") + "?" + query)
            if SIGNED_IN_KEY not in request.session:
                start(request)  # a session from before this rule: count from now
            elif now - request.session.get(SEEN_KEY, 0) >= SEEN_RESOLUTION:
                request.session[SEEN_KEY] = now
        return self.get_response(request)
