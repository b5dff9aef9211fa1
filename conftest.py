"""Shared test fixtures: isolated storage, and the named personas (CONVENTIONS → Tests)."""

from __future__ import annotations

import pytest

from sanxiang.agencies.tests.personas import *  # noqa: F403  (persona fixtures)


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Every test stores files in its own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
