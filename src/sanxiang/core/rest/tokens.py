"""The person behind an API call, for endpoints below the api app (which owns the tokens)."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request


def token_account(request: Request) -> Any | None:
    """The user account an API token acts for, or None (a token without an account).

    Every API request is authenticated by the api app's token authentication (the only
    class in ``REST_FRAMEWORK``), so ``request.auth`` is an ``ApiToken`` or None.
    """
    return getattr(request.auth, "user", None)
