"""Who may do what to a case (one function per action)."""

from __future__ import annotations

from typing import Any

from sanxiang.agencies.models import Agency, Officer
from sanxiang.cases.models import Case, CaseOfficer, Party
from sanxiang.cases.statemachine import TransitionRule
from sanxiang.core.roles import Role


def _active_staff_of(user: Any, agency_id: int) -> bool:
    return bool(user.is_authenticated and user.is_active and user.agency_id == agency_id)


def officer_of(user: Any) -> Officer | None:
    """The officer record of ``user``, if they are one."""
    if not user.is_authenticated:
        return None
    return Officer.objects.filter(user_id=user.pk).first()


def can_open_case(user: Any, agency: Agency) -> bool:
    """File a case: an officer of the agency (with an officer record)."""
    return (
        _active_staff_of(user, agency.pk)
        and user.has_role(Role.OFFICER)
        and Officer.objects.filter(user_id=user.pk, agency=agency).exists()
    )


def is_handler(user: Any, case: Case) -> bool:
    """Whether ``user`` is one of the case's handling officers (承办人)."""
    return (
        _active_staff_of(user, case.agency_id)
        and case.case_officers.filter(officer__user_id=user.pk).exists()
    )


def can_handle(user: Any, case: Case) -> bool:
    """Record acts and parties, move the case on: its handling officers."""
    return user.has_role(Role.OFFICER) and is_handler(user, case)


def can_take(user: Any, case: Case, rule: TransitionRule) -> bool:
    if not _active_staff_of(user, case.agency_id):
        return False
    # 行政处罚法 第五十二条 (penalty.summary.officers_decide): some steps are the officers'
    # in the summary procedure only.
    if (rule.handler or case.procedure in rule.handler_procedures) and can_handle(user, case):
        return True
    return any(user.has_role(role) for role in rule.roles)


def can_approve_extension(user: Any, case: Case) -> bool:
    """Approve a longer time limit: the agency head (负责人批准)."""
    return _active_staff_of(user, case.agency_id) and user.has_role(Role.HEAD)


def can_reveal_personal_data(user: Any, party: Party) -> bool:
    """See a party's ID number, phone and address in full (shown masked otherwise): the
    officers handling one of its cases, the agency's legal reviewers and head, and the
    supervisors whose scope holds the agency. Not the publisher, not the agency's other
    officers or administrators, not other agencies."""
    if not (user.is_authenticated and user.is_active and user.agency_id):
        return False
    if user.has_role(Role.SUPERVISOR) and user.agency_id in (
        party.agency_id,
        party.agency.supervising_agency_id,
    ):
        return True
    if user.agency_id != party.agency_id:
        return False
    if user.has_role(Role.HEAD) or user.has_role(Role.REVIEWER):
        return True
    return bool(
        user.has_role(Role.OFFICER)
        and CaseOfficer.objects.filter(case__parties=party, officer__user_id=user.pk).exists()
    )


def can_record_summary_filing(user: Any, case: Case) -> bool:
    """Record that an on-the-spot decision was filed with the agency (备案): the head."""
    return _active_staff_of(user, case.agency_id) and user.has_role(Role.HEAD)


def can_set_summary_limit(user: Any, agency: Agency) -> bool:
    """Record the on-the-spot limits a law sets for a power item: the agency head or
    administrator (who keep the power list), or a superuser."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return _active_staff_of(user, agency.pk) and (
        user.has_role(Role.HEAD) or user.has_role(Role.ADMIN)
    )


def can_record_violation(user: Any, case: Case) -> bool:
    """Record when the violation happened and the capacity finding: the handlers before the
    decision; the head also for a case filed before these rules (flagged to complete)."""
    if case.is_frozen:
        return False
    if can_handle(user, case) and case.decided_on is None:
        return True
    legacy = "violation_date_missing" in (case.rules_flags or [])  # RulesFlag (choices)
    return legacy and can_approve_extension(user, case)
