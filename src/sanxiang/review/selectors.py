"""Reads of legal review, through the cases' one visibility rule."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from sanxiang.agencies.choices import OfficerStatus
from sanxiang.agencies.models import Agency, LegalReviewer, Officer
from sanxiang.cases.selectors import cases_visible_to
from sanxiang.review.choices import ReviewStatus
from sanxiang.review.models import Review, ReviewCatalogue

OPEN = (ReviewStatus.PENDING, ReviewStatus.DISPUTED, ReviewStatus.ESCALATED)


def reviews_visible_to(*, user: Any) -> QuerySet[Review]:
    return Review.objects.filter(case__in=cases_visible_to(user=user)).select_related(
        "case__agency", "reviewer", "submitted_by"
    )


def get_review_for_user(*, user: Any, review_id: int) -> Review:
    try:
        return reviews_visible_to(user=user).get(pk=review_id)
    except Review.DoesNotExist as exc:
        raise Http404 from exc


def queue(*, user: Any) -> QuerySet[Review]:
    """Open reviews, the nearest deadline first (the reviewer's queue)."""
    return reviews_visible_to(user=user).filter(status__in=OPEN).order_by("due_on", "pk")


def catalogues_visible_to(*, user: Any) -> QuerySet[ReviewCatalogue]:
    from sanxiang.agencies.selectors import visible_agency_ids

    scope = visible_agency_ids(user=user)
    found = ReviewCatalogue.objects.select_related("agency", "imported_by")
    return found if scope is None else found.filter(agency__in=scope)


def diff_to_previous(review: Review) -> list[str]:
    """The proposed decision's changes since the previous version (unified diff lines)."""
    if review.previous is None:
        return []
    before = review.previous.proposed_decision.splitlines()
    after = review.proposed_decision.splitlines()
    lines = difflib.unified_diff(before, after, lineterm="", n=1)
    extra = []
    old, new = review.previous, review
    for field in ("proposed_fine", "proposed_confiscation", "discretion_level"):
        if getattr(old, field) != getattr(new, field):
            extra.append(f"{field}: {getattr(old, field)} → {getattr(new, field)}")
    if sorted(old.proposed_penalties) != sorted(new.proposed_penalties):
        extra.append(f"penalties: {old.proposed_penalties} → {new.proposed_penalties}")
    return [line for line in lines if not line.startswith(("---", "+++"))] + extra


@dataclass(frozen=True)
class Staffing:
    """Reviewers against officers (实施方案 二(三)1(2): at least 5%)."""

    agency: Agency
    reviewers: int
    officers: int

    @property
    def percent(self) -> float:
        return 100.0 * self.reviewers / self.officers if self.officers else 100.0

    @property
    def short(self) -> bool:
        return self.percent < settings.REVIEW_MIN_REVIEWER_PERCENT


def staffing(agency: Agency) -> Staffing:
    return Staffing(
        agency=agency,
        reviewers=LegalReviewer.objects.filter(agency=agency, is_active=True).count(),
        officers=Officer.objects.filter(agency=agency, status=OfficerStatus.ACTIVE).count(),
    )
