"""API test helpers: tokens for each scope, a client that sends one, people of two agencies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from sanxiang.agencies.choices import ReviewerKind, TrainingKind, TrainingResult
from sanxiang.agencies.models import CredentialEvent, LegalReviewer, TrainingRecord
from sanxiang.agencies.tests.factories import (
    CredentialFactory,
    DepartmentFactory,
    OfficerFactory,
)
from sanxiang.api import services
from sanxiang.api.choices import TokenScope
from sanxiang.api.tests.publishing import company_decision, published  # noqa: F401
from sanxiang.cases.tests.conftest import case, partner, power_item, urban  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings, tmp_path):
    """Each test starts with empty throttle counters and its own ledger signing key."""
    cache.clear()
    settings.LEDGER_SIGNING_KEY = None
    settings.LEDGER_DEMO_KEY_PATH = tmp_path / "keys" / "ledger-ed25519.pem"
    yield
    cache.clear()


def issue(superuser, *, scope, agency=None, user=None, days=30, **extra):
    _token, key = services.create_token(
        actor=superuser, name=f"{scope} system", scope=scope, agency=agency, user=user,
        expires_at=timezone.now() + dt.timedelta(days=days), **extra,
    )  # fmt: skip
    return key


def client_with(key):
    return Client(headers={"Authorization": f"Bearer {key}"}) if key else Client()


@pytest.fixture
def public_key(superuser):
    return issue(superuser, scope=TokenScope.PUBLIC)


@pytest.fixture
def wanxin_key(superuser, wanxin):
    return issue(superuser, scope=TokenScope.AGENCY, agency=wanxin)


@pytest.fixture
def jinqiao_key(superuser, jinqiao):
    return issue(superuser, scope=TokenScope.AGENCY, agency=jinqiao)


@pytest.fixture
def supervisor_key(superuser, sifaju, wanxin, jinqiao):
    return issue(superuser, scope=TokenScope.SUPERVISOR, agency=sifaju)


@pytest.fixture
def wanxin_writer_key(superuser, wanxin, agency_admin):
    return issue(superuser, scope=TokenScope.AGENCY, agency=wanxin, user=agency_admin)


def _people(agency, n):
    department = DepartmentFactory(agency=agency, name=f"执法大队{n}")
    officer = OfficerFactory(agency=agency, department=department, name=f"执法员{agency.code}")
    credential = CredentialFactory(officer=officer)
    event = CredentialEvent.objects.create(credential=credential, kind=CredentialEvent.Kind.ISSUED)
    reviewer = LegalReviewer.objects.create(
        agency=agency, name=f"审核员{n}", kind=ReviewerKind.FULL_TIME
    )
    training = TrainingRecord.objects.create(
        officer=officer, kind=TrainingKind.TRAINING, title="行政处罚法培训",
        held_on=dt.date(2025, 3, 1), result=TrainingResult.PASSED, hours=8,
    )  # fmt: skip
    return {
        "agency": agency, "department": department, "officer": officer,
        "credential": credential, "event": event, "reviewer": reviewer, "training": training,
    }  # fmt: skip


@pytest.fixture
def wanxin_people(wanxin):
    return _people(wanxin, 1)


@pytest.fixture
def jinqiao_people(jinqiao):
    return _people(jinqiao, 2)
