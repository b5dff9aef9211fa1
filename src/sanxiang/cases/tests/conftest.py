"""Fixtures of the cases tests: a domain, a power item, a second qualified officer, a case."""

from __future__ import annotations

import pytest

from sanxiang.agencies.tests.factories import DomainFactory
from sanxiang.cases.tests.factories import (
    PowerItemFactory,
    open_case,
    qualified_officer_user,
    qualify,
)


@pytest.fixture
def urban(db):
    return DomainFactory()


@pytest.fixture
def power_item(wanxin, urban):
    return PowerItemFactory(agency=wanxin, domain=urban)


@pytest.fixture
def partner(wanxin, urban, officer):
    """The second handling officer of 万新街 (行政处罚法 第四十二条: two officers)."""
    qualify(officer, urban)
    return qualified_officer_user(wanxin, urban, "partner")


@pytest.fixture
def case(officer, partner, power_item):
    return open_case(officer, power_item, partner)
