"""Published decisions for the API tests, made through the services (as publicity's tests do)."""

from __future__ import annotations

from unittest import mock

import pytest

from sanxiang.agencies.models import LegalReviewer
from sanxiang.cases.tests.factories import company, open_case
from sanxiang.publicity import services as publicity
from sanxiang.publicity.tests import conftest as publicity_tests


def decide(the_case, officer, reviewer, head, **kwargs):
    """publicity's ``decide``, for a reviewer who may already be registered."""
    if not LegalReviewer.objects.filter(user=reviewer).exists():
        return publicity_tests.decide(the_case, officer, reviewer, head, **kwargs)
    with mock.patch.object(publicity_tests, "make_reviewer"):
        return publicity_tests.decide(the_case, officer, reviewer, head, **kwargs)


def publish(publisher, decision, persons=("李四",)):
    draft = publicity.create_publication_draft(decision=decision)
    preview = publicity.preview_redaction(publication=draft, persons=persons)
    return publicity.publish_decision(
        actor=publisher, publication=draft, redacted_text=preview.text, persons=persons,
        confirmed=True,
    )  # fmt: skip


@pytest.fixture
def published(case, officer, reviewer, head, publisher):
    """A 2000-yuan fine on 张三 (a natural person) of 万新街, published."""
    return publish(publisher, decide(case, officer, reviewer, head))


@pytest.fixture
def company_decision(officer, partner, power_item, reviewer, head):
    """A decision on a company of 万新街, decided but not yet published."""
    the_case = open_case(officer, power_item, partner, parties=[company()])
    return decide(the_case, officer, reviewer, head, fine="50000")
