"""The named personas every test can use, each with a line saying what it may do.

- ``wanxin``: 万新街道办事处, the demo agency; ``jinqiao``: another street office;
  ``sifaju``: 东丽区司法局, which supervises both.
- ``officer``: an officer of 万新街 with a valid credential; acts on 万新街's cases.
- ``reviewer``: 万新街's legal reviewer; reviews 万新街's major decisions.
- ``head``: 万新街's head; decides cases and settles disagreements.
- ``publisher``: 万新街's publisher; publishes and withdraws.
- ``agency_admin``: 万新街's system administrator; manages 万新街's people.
- ``supervisor``: at 东丽区司法局; reads every agency it supervises, changes nothing.
- ``other_officer``: an officer of 金桥街; must see nothing of 万新街's.
- ``superuser``: the installation's administrator.
- anonymous: Django's ``client`` fixture, not logged in.
"""

from __future__ import annotations

import pytest

from sanxiang.agencies.tests.factories import (
    AgencyFactory,
    CredentialFactory,
    OfficerFactory,
    UserFactory,
    make_uscc,
)
from sanxiang.core.roles import Role

__all__ = [
    "agency_admin",
    "head",
    "jinqiao",
    "officer",
    "other_officer",
    "publisher",
    "reviewer",
    "sifaju",
    "superuser",
    "supervisor",
    "wanxin",
]


@pytest.fixture
def sifaju(db):
    return AgencyFactory(code="dongli-sfj", name="东丽区司法局", uscc=make_uscc(1))


@pytest.fixture
def wanxin(sifaju):
    return AgencyFactory(
        code="wanxin", name="东丽区人民政府万新街道办事处", short_name="万新街",
        uscc=make_uscc(2), supervising_agency=sifaju,
    )  # fmt: skip


@pytest.fixture
def jinqiao(sifaju):
    return AgencyFactory(
        code="jinqiao", name="东丽区人民政府金桥街道办事处", short_name="金桥街",
        uscc=make_uscc(3), supervising_agency=sifaju,
    )  # fmt: skip


def _staff(agency, username, roles, with_officer=False):
    user = UserFactory(username=username, agency=agency, roles=roles)
    if with_officer:
        officer = OfficerFactory(agency=agency, user=user, name=user.full_name)
        CredentialFactory(officer=officer)
    return user


@pytest.fixture
def officer(wanxin):
    return _staff(wanxin, "officer", [Role.OFFICER], with_officer=True)


@pytest.fixture
def reviewer(wanxin):
    return _staff(wanxin, "reviewer", [Role.REVIEWER])


@pytest.fixture
def head(wanxin):
    return _staff(wanxin, "head", [Role.HEAD])


@pytest.fixture
def publisher(wanxin):
    return _staff(wanxin, "publisher", [Role.PUBLISHER])


@pytest.fixture
def agency_admin(wanxin):
    return _staff(wanxin, "agency_admin", [Role.ADMIN])


@pytest.fixture
def supervisor(sifaju, wanxin, jinqiao):
    return _staff(sifaju, "supervisor", [Role.SUPERVISOR])


@pytest.fixture
def other_officer(jinqiao):
    return _staff(jinqiao, "other_officer", [Role.OFFICER], with_officer=True)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", agency=None, is_superuser=True, is_staff=True)
