"""`sanxiang load-demo` as `make demo` runs it: every app's demo, then the summaries."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from sanxiang.ledger.verify import verify_ledger


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_load_demo_loads_every_app_and_prints_the_logins_last():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "sfj_supervisor" in text and "wx_head" in text
    assert text.rstrip().splitlines()[-1].startswith("门户 http://127.0.0.1:8000/")
    assert verify_ledger().ok
    # A living demo (issue 18): the scheduler has run and the publisher has kept up.
    from django.utils import timezone

    from sanxiang.ledger.models import Entry, SignedHead
    from sanxiang.publicity import selectors
    from sanxiang.publicity.choices import PublicationStatus
    from sanxiang.publicity.models import Publication

    assert "定时任务已运行" in text and "失败" not in text
    assert selectors.public_publications().count() >= 10
    assert Publication.objects.filter(status=PublicationStatus.WITHDRAWN).count() == 1
    overdue = Publication.objects.filter(
        status=PublicationStatus.DRAFT, due_on__lt=timezone.localdate()
    )
    assert overdue.exists()
    head = SignedHead.objects.order_by("-size").first()
    assert head is not None and head.size == Entry.objects.count()  # current
