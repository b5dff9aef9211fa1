"""Fixtures of the crash tests: the cases fixtures (a qualified officer pair, a case)."""

from sanxiang.cases.tests.conftest import case, partner, power_item, urban  # noqa: F401
