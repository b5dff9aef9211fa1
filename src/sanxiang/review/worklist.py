"""Work items from legal review: the reviewer's queue, the head's disagreements to settle."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.core import worklist
from sanxiang.core.roles import Role
from sanxiang.review import permissions
from sanxiang.review.choices import ReviewStatus
from sanxiang.review.models import Review
from sanxiang.review.selectors import staffing

BASIS = "实施方案 二(三)2(3)"


def _urgency(review: Review) -> worklist.Urgency:
    today = timezone.localdate()
    if today > review.due_on:
        return worklist.Urgency.OVERDUE
    if (review.due_on - today).days <= settings.REVIEW_DUE_SOON_DAYS:
        return worklist.Urgency.DUE_SOON
    return worklist.Urgency.NORMAL


@worklist.register
def review_work(user: Any) -> Iterable[worklist.WorkItem]:
    if not user.is_authenticated or user.agency_id is None:
        return []
    items: list[worklist.WorkItem] = []
    mine = Review.objects.filter(case__agency_id=user.agency_id).select_related("case__agency")
    if user.has_role(Role.REVIEWER):
        for review in mine.filter(status__in=[ReviewStatus.PENDING, ReviewStatus.DISPUTED])[:100]:
            if permissions.may_review(user, review):
                items.append(worklist.WorkItem(
                    title=_("Review %(case)s") % {"case": review.case.number},
                    url=review.get_absolute_url(), urgency=_urgency(review),
                    due_on=review.due_on, basis=BASIS,
                ))  # fmt: skip
    if user.has_role(Role.HEAD):
        for review in mine.filter(status=ReviewStatus.ESCALATED)[:100]:
            items.append(worklist.WorkItem(
                title=_("Settle the disagreement on %(case)s") % {"case": review.case.number},
                url=review.get_absolute_url(), urgency=worklist.Urgency.DUE_SOON,
            ))  # fmt: skip
        if user.agency is not None and staffing(user.agency).short:
            items.append(worklist.WorkItem(
                title=_("Too few legal reviewers: under 5 per cent of the officers"),
                url="/workbench/reviews/", urgency=worklist.Urgency.DUE_SOON,
                basis="实施方案 二(三)1(2)",
            ))  # fmt: skip
    return items
