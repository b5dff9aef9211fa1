"""One error body for every failure under /api/, in Chinese and English.

``{"error": {"code": "...", "message": "中文", "message_en": "...", "fields": {...}}}``.
``fields`` (validation errors only) maps a field name to its messages, in the request's
language (Chinese by default). Anything not foreseen becomes a logged 500 with the same body,
never Django's HTML page.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response

logger = logging.getLogger("sanxiang.api")

# Status → (code, message) when the exception brings no message of ours.
DEFAULTS: dict[int, tuple[str, Promise]] = {
    400: ("invalid", _("The request is not valid.")),
    401: ("not_authenticated", _("Send a valid API token in the Authorization header.")),
    403: ("permission_denied", _("This token may not do this.")),
    404: ("not_found", _("Not found, or not visible to this token.")),
    405: ("method_not_allowed", _("This method is not allowed here.")),
    406: ("not_acceptable", _("This API answers in JSON only.")),
    413: ("too_large", _("The request is too large.")),
    415: ("unsupported_media_type", _("This content type is not accepted here.")),
    429: ("throttled", _("Too many requests: wait a moment and try again.")),
    500: ("server_error", _("Something went wrong on the server; the error has been logged.")),
}


class ApiError(exceptions.APIException):
    """An API failure with our own code and bilingual message."""

    def __init__(
        self, message: Promise, *, code: str, status: int, params: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(detail=str(message), code=code)
        self.status_code = status
        self.message = message
        self.params = params
        self.error_code = code
        self.extra = extra or {}


def _in(language: str, text: Promise, params: dict[str, Any] | None) -> str:
    with translation.override(language):
        return str(text) % params if params else str(text)


def body(status: int, *, code: str | None = None, message: Promise | None = None,
         params: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:  # fmt: skip
    default_code, default_message = DEFAULTS.get(status, DEFAULTS[400])
    text = message if message is not None else default_message
    chinese, english = _in("zh-hans", text, params), _in("en", text, params)
    error = {"code": code or default_code, "message": chinese, "message_en": english}
    error.update({key: value for key, value in extra.items() if value is not None})
    return {"error": error}


def _django_validation_fields(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


def _status_and_body(exc: Exception) -> tuple[int, dict[str, Any]]:
    if isinstance(exc, ApiError):
        return exc.status_code, body(exc.status_code, code=exc.error_code, message=exc.message,
                                     params=exc.params, **exc.extra)  # fmt: skip
    if isinstance(exc, exceptions.ValidationError):
        return 400, body(400, fields=exc.detail)
    if isinstance(exc, DjangoValidationError):
        return 400, body(400, fields=_django_validation_fields(exc))
    if isinstance(exc, Http404 | exceptions.NotFound):
        return 404, body(404)
    if isinstance(exc, DjangoPermissionDenied):
        return 403, body(403)
    if isinstance(exc, exceptions.APIException):
        return exc.status_code, body(exc.status_code)
    if isinstance(exc, SuspiciousOperation):  # e.g. a request body over the size limit
        return 400, body(400)
    logger.exception("unexpected error in the API", exc_info=exc)
    return 500, body(500)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF's EXCEPTION_HANDLER: every exception becomes the one error body."""
    status, data = _status_and_body(exc)
    headers = {}
    wait = getattr(exc, "wait", None) if isinstance(exc, exceptions.Throttled) else None
    if wait is not None:
        headers["Retry-After"] = str(max(1, int(wait)))
    request = context.get("request")
    if status == 401 and request is not None and request.authenticators:
        headers["WWW-Authenticate"] = request.authenticators[0].authenticate_header(request)
    return Response(data, status=status, headers=headers)


@csrf_exempt  # answers 404 to any method; a POST to an unknown path gets JSON, not CSRF's page
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any path under /api/v1/ that no endpoint answers."""
    return JsonResponse(body(404), status=404, json_dumps_params={"ensure_ascii": False})
