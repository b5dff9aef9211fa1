"""Who may do what in legal review (one function per action)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from sanxiang.agencies.choices import ReviewerKind
from sanxiang.agencies.models import LegalReviewer
from sanxiang.cases.models import Case
from sanxiang.cases.permissions import can_handle, is_handler
from sanxiang.core.roles import Role
from sanxiang.review.models import Review


def _staff_of(user: Any, agency_id: int) -> bool:
    return bool(user.is_authenticated and user.is_active and user.agency_id == agency_id)


def reviewer_record(user: Any) -> LegalReviewer | None:
    """The user's active legal-reviewer record (法制审核人员), engaged lawyers within term."""
    if not user.is_authenticated:
        return None
    record = LegalReviewer.objects.filter(user_id=user.pk, is_active=True).first()
    if record is None:
        return None
    today = timezone.localdate()
    if record.engaged_from and today < record.engaged_from:
        return None
    if record.engaged_to and today > record.engaged_to:
        return None
    return record


def can_assess(user: Any, case: Case) -> bool:
    """Answer the applicability questions and submit: the case's handling officers."""
    return can_handle(user, case)


def can_manage_catalogue(user: Any, agency_id: int) -> bool:
    return _staff_of(user, agency_id) and (
        user.has_role(Role.ADMIN) or user.has_role(Role.REVIEWER)
    )


def can_see_queue(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and (user.has_role(Role.REVIEWER) or user.has_role(Role.HEAD) or user.is_superuser)
    )


def may_review(user: Any, review: Review) -> bool:
    """Give an opinion: a reviewer of the agency, never one who handled the case; an engaged
    lawyer only when assigned; when someone is assigned, only they."""
    record = reviewer_record(user)
    if record is None or not user.has_role(Role.REVIEWER):
        return False
    if not _staff_of(user, review.case.agency_id) or record.agency_id != review.case.agency_id:
        return False
    if handled(user, review):
        return False
    if review.reviewer_id is not None:
        return review.reviewer_id == record.pk
    return record.kind != ReviewerKind.ENGAGED_LAWYER


def handled(user: Any, review: Review) -> bool:
    """Whether ``user`` handled the case or submitted it (then they may not review it)."""
    return is_handler(user, review.case) or review.submitted_by_id == user.pk


def can_assign(user: Any, review: Review) -> bool:
    if not _staff_of(user, review.case.agency_id):
        return False
    if user.has_role(Role.HEAD):
        return True
    record = reviewer_record(user)
    return record is not None and record.kind == ReviewerKind.FULL_TIME


def can_extend(user: Any, review: Review) -> bool:
    """Approve a longer review period: the agency head."""
    return _staff_of(user, review.case.agency_id) and user.has_role(Role.HEAD)


def can_settle(user: Any, review: Review) -> bool:
    return _staff_of(user, review.case.agency_id) and user.has_role(Role.HEAD)


def can_consult(user: Any, review: Review) -> bool:
    return can_handle(user, review.case) or may_review(user, review)
