"""``flush`` with the ledger: lift the append-only triggers for the flush, then restore them.

Django's ``flush`` (and every transactional test's teardown, which calls it) deletes all
rows; on SQLite that is a DELETE the ledger's triggers refuse. Flushing wipes the whole
database on purpose, so it is allowed in the demo and in tests, never in production.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections

from sanxiang.core import audit
from sanxiang.ledger import triggers


class Command(FlushCommand):
    help = FlushCommand.help + " Not allowed in production: the ledger is append-only."

    def handle(self, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("flush would erase the append-only ledger; refused in production")
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        tables = connection.introspection.table_names()
        lifted = "ledger_entry" in tables
        audit_lifted = "core_securityevent" in tables  # security events are append-only too
        if lifted:
            triggers.uninstall(connection)
        if audit_lifted:
            audit.uninstall_triggers(connection)
        try:
            super().handle(**options)
        finally:
            if lifted:
                triggers.install(connection)
            if audit_lifted:
                audit.install_triggers(connection)
