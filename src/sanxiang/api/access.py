"""DRF permission classes: which kind of caller may reach an endpoint at all.

Which objects it then sees is the selectors' business (``selectors.TokenPrincipal``).
Endpoints are closed by default (``HasAgencyScope`` in settings); public ones opt in.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from sanxiang.api.choices import TokenScope
from sanxiang.api.models import ApiToken
from sanxiang.core.rest.errors import ApiError


def _token(request: Request) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


class PublicRead(BasePermission):
    """Anyone may read, anonymously or with any token; nothing may be written."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS


class HasAgencyScope(BasePermission):
    """An agency or supervisor token (anonymous callers get 401, public tokens 403)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        token = _token(request)
        if token is None:
            return False  # DRF answers 401 when no credentials were sent
        if token.scope == TokenScope.PUBLIC:
            raise ApiError(
                _("A public token reads public data only; this needs an agency token."),
                code="scope_insufficient",
                status=403,
            )
        return True


class CanWrite(HasAgencyScope):
    """An agency token with an account for writes; the services then check that account."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        token = _token(request)
        if token is None or token.scope != TokenScope.AGENCY or token.user_id is None:
            raise ApiError(
                _("This token may only read: writes need an agency token with an account."),
                code="read_only_token",
                status=403,
            )
        return True
