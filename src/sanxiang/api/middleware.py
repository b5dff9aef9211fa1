"""Log every call under /api/ (token, method, path, status, time, address)."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sanxiang.api import services
from sanxiang.api.models import ApiToken
from sanxiang.core.clients import client_address

API_PREFIX = "/api/"


class ApiCallLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        started = time.monotonic()
        response = self.get_response(request)
        token = getattr(request, "auth", None)  # set by DRF's authentication
        services.record_call(
            token=token if isinstance(token, ApiToken) else None,
            method=request.method or "",
            path=_printable(request.path),
            query=_printable(request.META.get("QUERY_STRING", "")),
            status=response.status_code,
            duration_ms=int((time.monotonic() - started) * 1000),
            address=_address(client_address(request)),
        )
        return response


def _printable(text: str) -> str:
    # PostgreSQL text cannot hold NUL; a path or query may carry one percent-encoded.
    return text.replace("\x00", "\ufffd")


def _address(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
