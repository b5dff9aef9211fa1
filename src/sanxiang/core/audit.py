"""Security events (安全审计, issue 9): who signed in, failed, was refused, exported, changed a key.

``record_security_event`` is the one call every app uses. Events are append-only (the
ORM refuses updates and deletes; database triggers refuse them from raw SQL too), and the
ledger's ``security-digest`` tick job hashes each new batch into the ledger, chained to
the batch before, so ``sanxiang audit verify`` names any event altered or removed since.

Never put a password, a token, a one-time code or a key in ``detail``: only what says what
happened (a key's fingerprint, the number of rows exported, the page refused).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from sanxiang.core.choices import SecurityEventKind as Kind
from sanxiang.core.clients import client_address
from sanxiang.core.models import SecurityEvent

__all__ = ["Kind", "record_security_event"]

# Keys never stored in an event's detail, whatever a caller passes.
SECRET_KEYS = frozenset({"password", "password1", "password2", "token", "code", "secret", "key"})
APPEND_ONLY_TABLES = ("core_securityevent", "core_securitydigest")


def _clean(detail: dict[str, Any] | None) -> dict[str, Any]:
    return {k: v for k, v in (detail or {}).items() if k.lower() not in SECRET_KEYS}


def _who(actor: Any, username: str) -> tuple[int | None, str, int | None]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, username[:150], None
    agency_id = getattr(actor, "agency_id", None)
    if getattr(actor, "pk", None) is None:  # an API token's principal: its name, no user
        return None, (username or str(actor))[:150], agency_id
    return int(actor.pk), actor.get_username()[:150], agency_id


def record_security_event(
    *,
    kind: str,
    actor: Any = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
    username: str = "",
) -> SecurityEvent:
    """Record one security event; returns it.

    ``actor`` is the user it concerns (None for the system or an unknown user, whose typed
    name goes in ``username``); with a ``request`` the address, browser and page are kept.
    Commits with the caller's transaction, if there is one.
    """
    user_id, name, agency_id = _who(actor, username)
    event = SecurityEvent(
        at=timezone.now(), kind=Kind(kind), user_id=user_id, username=name, agency_id=agency_id,
        detail=_clean(detail),
    )  # fmt: skip
    if request is not None:
        event.address = client_address(request)
        event.user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
        event.path = request.get_full_path()[:500]
    event.save()
    return event


class PermissionDeniedAuditMiddleware:
    """Record every 403 the site answers (PermissionDenied, CSRF failures, the API's refusals).

    "Not yours" objects answer 404 exactly like missing ones (selectors), on purpose; those
    cannot be told apart here and are not recorded.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            record_security_event(
                kind=Kind.PERMISSION_DENIED, actor=user, request=request,
                detail={"method": request.method, "status": 403},
            )  # fmt: skip
        return response


# --- Append-only triggers (installed by core's migration) ------------------------------

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION core_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END $$;
"""


def trigger_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [_PG_FUNCTION] + [
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION core_append_only();"
            for table in APPEND_ONLY_TABLES
        ]
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} BEGIN "
            f"SELECT RAISE(ABORT, '{table} is append-only: {op} refused'); END;"
            for table in APPEND_ONLY_TABLES
            for op in ("UPDATE", "DELETE")
        ]
    return []  # another vendor: the ORM's refusal and the ledger digests still hold


def drop_trigger_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};"
            for table in APPEND_ONLY_TABLES
        ] + ["DROP FUNCTION IF EXISTS core_append_only();"]
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_{op.lower()};"
        for table in APPEND_ONLY_TABLES
        for op in ("UPDATE", "DELETE")
    ]


def install_triggers(conn: BaseDatabaseWrapper = connection) -> None:
    with conn.cursor() as cursor:
        for statement in trigger_sql(conn.vendor):
            cursor.execute(statement)


def uninstall_triggers(conn: BaseDatabaseWrapper = connection) -> None:
    with conn.cursor() as cursor:
        for statement in drop_trigger_sql(conn.vendor):
            cursor.execute(statement)


def record_export(request: HttpRequest, *, what: str, **detail: Any) -> SecurityEvent:
    """Record a bulk-data export or download made through a page or the API."""
    return record_security_event(
        kind=Kind.EXPORT, actor=getattr(request, "user", None), request=request,
        detail={"what": what, **detail},
    )  # fmt: skip
