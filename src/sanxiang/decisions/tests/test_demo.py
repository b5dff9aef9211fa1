"""The case-handling demo (cases, records, review, decisions): every stage, idempotent."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from sanxiang.agencies import demo as agencies_demo
from sanxiang.cases import demo as cases_demo
from sanxiang.cases.choices import Stage
from sanxiang.cases.models import Case
from sanxiang.decisions import deadlines
from sanxiang.decisions import demo as decisions_demo
from sanxiang.decisions.choices import PaymentStatus
from sanxiang.decisions.models import Decision, JudicialTransfer, PaymentArrangement, Remedy
from sanxiang.ledger.models import Entry
from sanxiang.records import demo as records_demo
from sanxiang.records.archive import missing_for_archive
from sanxiang.records.models import Document, Recording
from sanxiang.review import demo as review_demo
from sanxiang.review.choices import ReviewStatus
from sanxiang.review.models import Review

pytestmark = pytest.mark.django_db
LOADERS = [cases_demo, records_demo, review_demo, decisions_demo]


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (Case, Document, Recording, Review, Decision, Entry, Remedy, JudicialTransfer)
    )


def test_the_demo_has_cases_in_every_stage_and_a_second_run_changes_nothing(client):
    agencies_demo.load(stdout=io.StringIO())
    for loader in LOADERS:
        loader.load(stdout=io.StringIO())
    cases = Case.objects.filter(agency__code="wanxin")
    assert set(cases.values_list("stage", flat=True)) == set(Stage)
    assert {2025, 2026} <= set(cases.values_list("year", flat=True))
    statuses = set(Review.objects.values_list("status", flat=True))
    assert {ReviewStatus.PENDING, ReviewStatus.PASSED, ReviewStatus.RETURNED,
            ReviewStatus.ESCALATED, ReviewStatus.SETTLED_PASS} <= statuses  # fmt: skip
    payments = set(Decision.objects.values_list("payment_status", flat=True))
    assert {PaymentStatus.PAID, PaymentStatus.UNPAID, PaymentStatus.PART_PAID} <= payments
    assert all(d.document is not None for d in Decision.objects.all())
    assert Recording.objects.filter(media_type="audio/x-wav").exists()
    archived = cases.filter(stage=Stage.ARCHIVED)
    assert archived.count() >= 10 and all(missing_for_archive(c) == [] for c in archived)
    assert {"upheld", "changed", "confirmed_illegal", ""} <= set(
        Remedy.objects.values_list("outcome", flat=True)
    )
    assert JudicialTransfer.objects.filter(transferred_on__year=2025).exists()
    # A head-approved instalment plan, and an unpaid fine showing its surcharge.
    assert PaymentArrangement.objects.filter(approved_by__username="wx_head").exists()
    assert any(deadlines.surcharge(d) > 0 for d in Decision.objects.filter(fine_amount__gt=0))
    counts = _counts()
    for loader in LOADERS:
        loader.load(stdout=io.StringIO())
    assert _counts() == counts
    recording = Recording.objects.first()
    client.force_login(recording.uploaded_by)
    assert client.get(reverse("workbench:home")).status_code == 200
