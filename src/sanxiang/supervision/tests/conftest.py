"""Fixtures of the supervision tests: a power item and two qualified officers of 万新街."""

import pytest

from sanxiang.agencies.tests.factories import DomainFactory
from sanxiang.cases.tests.factories import PowerItemFactory, qualified_officer_user, qualify


@pytest.fixture
def urban(db):
    return DomainFactory()


@pytest.fixture
def power_item(wanxin, urban):
    return PowerItemFactory(agency=wanxin, domain=urban)


@pytest.fixture
def partner(wanxin, urban, officer):
    qualify(officer, urban)
    return qualified_officer_user(wanxin, urban, "partner")
