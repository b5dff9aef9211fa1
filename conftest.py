"""Shared test fixtures: isolated storage, and the named personas (docs/contributing.md → Tests)."""

from __future__ import annotations

import pytest

from sanxiang.agencies.tests.personas import *  # noqa: F403  (persona fixtures)


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Every test stores files (and takes the tick lock) in its own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TICK_LOCK_FILE = tmp_path / "tick.lock"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
