"""API tokens in the Authorization header: ``Bearer sx_…`` (``Token sx_…`` also works)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from sanxiang.api import selectors
from sanxiang.api.models import ApiToken
from sanxiang.api.selectors import TokenPrincipal
from sanxiang.core.rest.errors import ApiError

KEYWORDS = (b"bearer", b"token")


def _unauthorised(message: Any, code: str) -> ApiError:
    return ApiError(message, code=code, status=401)


class TokenAuthentication(BaseAuthentication):
    """Authenticate a request by its API token; no header means anonymous."""

    def authenticate(self, request: Request) -> tuple[TokenPrincipal, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise _unauthorised(
                _("Malformed Authorization header: use 'Bearer <token>'."), "malformed_token"
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise _unauthorised(_("Unknown API token."), "invalid_token") from None
        token = selectors.find_token(key)
        if token is None:
            raise _unauthorised(_("Unknown API token."), "invalid_token")
        if token.revoked_at is not None:
            raise _unauthorised(_("This API token has been revoked."), "token_revoked")
        if not token.is_usable():
            raise _unauthorised(_("This API token has expired."), "token_expired")
        return TokenPrincipal(token), token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="sanxiang"'
