"""Fixtures of the records tests (the cases fixtures, shared)."""

from sanxiang.cases.tests.conftest import case, partner, power_item, urban  # noqa: F401
