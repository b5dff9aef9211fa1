"""Ledger test helpers: tamper with the tables around the triggers, a signing key per test."""

from __future__ import annotations

import contextlib

import pytest
from django.db import connection

from sanxiang.ledger import triggers


@contextlib.contextmanager
def triggers_suspended():
    """Raw SQL around the append-only triggers, as a database owner could do."""
    triggers.uninstall(connection)
    try:
        yield connection
    finally:
        triggers.install(connection)


@pytest.fixture(autouse=True)
def _ledger_key(settings, tmp_path):
    """Every test signs with its own demo key."""
    settings.LEDGER_SIGNING_KEY = None
    settings.LEDGER_DEMO_KEY_PATH = tmp_path / "keys" / "ledger-ed25519.pem"
