"""The ledger's demo loader: a key, a signed head, idempotent, and a clean verification."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from sanxiang.ledger import demo
from sanxiang.ledger.models import Entry, SignedHead

pytestmark = pytest.mark.django_db


def test_the_demo_makes_a_key_signs_a_head_and_can_run_twice(settings):
    out = io.StringIO()
    demo.load(stdout=out)
    demo.load(stdout=out)
    assert settings.LEDGER_DEMO_KEY_PATH.exists()
    assert oct(settings.LEDGER_DEMO_KEY_PATH.stat().st_mode & 0o777) == "0o600"
    assert Entry.objects.count() == 1
    assert SignedHead.objects.count() == 1
    assert "signed head already current" in out.getvalue()
    call_command("ledger", "verify", "--files", stdout=io.StringIO())


def test_production_refuses_to_sign_without_a_configured_key(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        demo.load(stdout=io.StringIO())
    assert not settings.LEDGER_DEMO_KEY_PATH.exists()
