"""Fixtures of the fuzzing tests: the cases fixtures (a qualified officer pair, a case) and a
published decision."""

from sanxiang.api.tests.publishing import published  # noqa: F401
from sanxiang.cases.tests.conftest import case, partner, power_item, urban  # noqa: F401
