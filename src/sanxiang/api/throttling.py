"""Rate limits (DRF throttling): per token, and per address for anonymous callers.

Counts live in Django's default cache, which settings make shared by every server process
(files under VAR_DIR/cache by default, Redis with ``SANXIANG_CACHE_URL``): a token's limit
holds however many processes or machines serve it. Rates are read from settings at each
request so that a token's own limit, and test overrides, apply at once.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from sanxiang.api.models import ApiToken
from sanxiang.core.clients import client_address


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    def __init__(self) -> None:  # the rate depends on the request: see allow_request
        pass

    def allow_request(self, request: Request, view: Any) -> bool:
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if token is not None:
            per_minute = token.requests_per_minute or settings.API_RATE_PER_TOKEN
        else:
            per_minute = settings.API_RATE_ANONYMOUS
        self.rate = f"{per_minute}/min"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str:
        if isinstance(request.auth, ApiToken):
            return f"sanxiang-api-throttle:token:{request.auth.pk}"
        return f"sanxiang-api-throttle:address:{client_address(request)}"
