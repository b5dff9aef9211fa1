"""Writes of the api app: issue and revoke tokens, log calls.

A token's secret is returned once, by ``create_token``; only its SHA-256 is kept. The secret
has 256 bits of entropy, so a fast hash is enough (a slow one is for guessable passwords).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.models import Agency, User
from sanxiang.api import permissions
from sanxiang.api.choices import TokenScope
from sanxiang.api.constants import TOKEN_LOOKUP_LENGTH, TOKEN_PREFIX, TOKEN_SECRET_BYTES
from sanxiang.api.models import ApiCall, ApiToken
from sanxiang.ledger import services as ledger


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def split_key(key: str) -> str | None:
    """The lookup part of a presented key, or None if it is not shaped like one of ours."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or len(parts[1]) != TOKEN_LOOKUP_LENGTH:
        return None
    return parts[1]


def key_matches(token: ApiToken, key: str) -> bool:
    return hmac.compare_digest(token.key_hash, hash_key(key))


def validate_token(
    *, name: str, scope: TokenScope, agency: Agency | None, user: User | None,
    expires_at: dt.datetime,
) -> None:  # fmt: skip
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Name the system that will use this token.")
    if scope == TokenScope.PUBLIC and agency is not None:
        errors["agency"] = _("A public token is not bound to an agency.")
    if scope != TokenScope.PUBLIC and agency is None:
        errors["agency"] = _("An agency or supervisor token must name its agency.")
    if user is not None and (
        scope != TokenScope.AGENCY or user.agency_id != getattr(agency, "pk", None)
    ):
        errors["user"] = _(
            "The account for writes must belong to the token's agency (agency tokens only)."
        )
    now = timezone.now()
    if expires_at <= now:
        errors["expires_at"] = _("The expiry must be in the future.")
    elif expires_at > now + dt.timedelta(days=settings.API_TOKEN_MAX_DAYS):
        errors["expires_at"] = _("A token may be valid for at most %(days)d days.") % {
            "days": settings.API_TOKEN_MAX_DAYS
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_token(
    *, actor: User, name: str, scope: TokenScope, expires_at: dt.datetime,
    agency: Agency | None = None, user: User | None = None,
    requests_per_minute: int | None = None,
) -> tuple[ApiToken, str]:  # fmt: skip
    """Issue a token; returns it with its secret key, which is shown once and never stored."""
    if not permissions.can_manage_tokens(actor):
        raise PermissionDenied(_("You do not have permission to do this."))
    scope = TokenScope(scope)
    validate_token(name=name, scope=scope, agency=agency, user=user, expires_at=expires_at)
    lookup = secrets.token_hex(TOKEN_LOOKUP_LENGTH // 2)
    key = f"{TOKEN_PREFIX}_{lookup}_{secrets.token_urlsafe(TOKEN_SECRET_BYTES)}"
    token = ApiToken(
        name=name.strip(), scope=scope, agency=agency, user=user, lookup=lookup,
        key_hash=hash_key(key), expires_at=expires_at, created_by=actor,
        requests_per_minute=requests_per_minute,
    )  # fmt: skip
    token.full_clean(exclude=["lookup", "key_hash"])
    token.save()
    ledger.append(
        kind="api.token_created", actor=actor, subject=f"api-token:{token.pk}",
        payload={
            "token": token.pk, "name": token.name, "scope": token.scope,
            "agency": getattr(agency, "code", None), "user": getattr(user, "pk", None),
            "expires_at": ledger.format_time(expires_at),
        },
    )  # fmt: skip
    return token, key


@transaction.atomic
def revoke_token(*, actor: User, token: ApiToken) -> ApiToken:
    if not permissions.can_manage_tokens(actor):
        raise PermissionDenied(_("You do not have permission to do this."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    ledger.append(
        kind="api.token_revoked", actor=actor, subject=f"api-token:{token.pk}",
        payload={"token": token.pk, "name": token.name},
    )  # fmt: skip
    return token


def record_call(
    *, token: ApiToken | None, method: str, path: str, query: str, status: int,
    duration_ms: int, address: str | None,
) -> ApiCall:  # fmt: skip
    """Log one API call (and when its token was last used)."""
    now = timezone.now()
    call = ApiCall.objects.create(
        token=token, method=method[:10], path=path[:500], query=query[:500], status=status,
        duration_ms=duration_ms, address=address, at=now,
    )  # fmt: skip
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return call
