"""The publicity demo: the display-period table, loaded twice without duplicates."""

from __future__ import annotations

import io

import pytest

from sanxiang.publicity import demo
from sanxiang.publicity.models import DisplayPolicy

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_display_rules_once():
    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    assert DisplayPolicy.objects.count() == len(demo.POLICIES)
    assert DisplayPolicy.objects.filter(do_not_publish=True).count() == 1
