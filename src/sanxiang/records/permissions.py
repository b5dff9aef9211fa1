"""Who may do what with records."""

from __future__ import annotations

from typing import Any

from sanxiang.cases.models import Case
from sanxiang.cases.permissions import can_handle


def can_upload(user: Any, case: Case) -> bool:
    """Upload recordings: the case's handling officers, while the case file is open."""
    return can_handle(user, case) and not case.is_frozen
