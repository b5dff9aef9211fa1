"""Reads of the api app: tokens, and the adapter that gives a token a user's scope.

A token is not a user, but the agencies' selectors (``visible_agency_ids`` and the
``*_visible_to`` functions) take anything that answers like one. ``TokenPrincipal`` answers
as a staff user of the token's agency would: an agency token as a user of that agency, a
supervisor token as a supervisor there, a public token as a user of no agency (sees
nothing but public data). So the API applies exactly the workbench's visibility rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from sanxiang.api.choices import TokenScope
from sanxiang.api.models import ApiCall, ApiToken
from sanxiang.api.services import key_matches, split_key
from sanxiang.core.roles import Role


@dataclass(frozen=True)
class TokenPrincipal:
    """The user-like identity of a request made with an API token."""

    token: ApiToken
    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    pk = None
    id = None

    @property
    def agency_id(self) -> int | None:
        return self.token.agency_id if self.token.scope != TokenScope.PUBLIC else None

    @property
    def scope(self) -> TokenScope:
        return TokenScope(self.token.scope)

    def has_role(self, role: Role) -> bool:
        return self.token.scope == TokenScope.SUPERVISOR and role == Role.SUPERVISOR

    def __str__(self) -> str:
        return self.token.name


def find_token(key: str) -> ApiToken | None:
    """The token a presented key belongs to (usable or not), or None."""
    lookup = split_key(key)
    if lookup is None:
        return None
    token = ApiToken.objects.select_related("agency", "user").filter(lookup=lookup).first()
    if token is None or not key_matches(token, key):
        return None
    return token


def calls_of(*, token: ApiToken) -> QuerySet[ApiCall]:
    return ApiCall.objects.filter(token=token)
