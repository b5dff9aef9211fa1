"""Who may manage API tokens (one function per action)."""

from __future__ import annotations

from typing import Any


def can_manage_tokens(user: Any) -> bool:
    """Issue and revoke tokens: the installation's administrator (a superuser)."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)
