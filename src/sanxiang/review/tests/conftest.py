"""Fixtures of the review tests: the cases fixtures plus reviewers with records."""

from __future__ import annotations

import pytest

from sanxiang.agencies.choices import ReviewerKind
from sanxiang.agencies.tests.factories import UserFactory
from sanxiang.cases.tests.conftest import case, partner, power_item, urban  # noqa: F401
from sanxiang.core.roles import Role
from sanxiang.review.tests.builders import make_reviewer


@pytest.fixture
def reviewer_record(reviewer):
    return make_reviewer(reviewer)


@pytest.fixture
def lawyer(wanxin):
    user = UserFactory(username="lawyer", agency=wanxin, roles=[Role.REVIEWER])
    make_reviewer(user, kind=ReviewerKind.ENGAGED_LAWYER, qualification="A2010120110002")
    return user
