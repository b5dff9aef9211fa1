"""Who may do what with decisions (one function per action)."""

from __future__ import annotations

from typing import Any

from sanxiang.cases.choices import Procedure
from sanxiang.cases.models import Case
from sanxiang.cases.permissions import can_handle
from sanxiang.core.roles import Role
from sanxiang.decisions.models import Decision


def _staff_of(user: Any, agency_id: int) -> bool:
    return bool(user.is_authenticated and user.is_active and user.agency_id == agency_id)


def can_decide(user: Any, agency_id: int) -> bool:
    """Make a decision: the agency head (行政处罚法 第五十七条)."""
    return _staff_of(user, agency_id) and user.has_role(Role.HEAD)


def can_decide_case(user: Any, case: Case) -> bool:
    """Make the decision on ``case``: the head; in the summary procedure also the case's
    handling officers, who decide on the spot (行政处罚法 第五十二条)."""
    if can_decide(user, case.agency_id):
        return True
    return case.procedure == Procedure.SUMMARY and can_handle(user, case)


def can_record_summary_filing(user: Any, decision: Decision) -> bool:
    """Record the filing (备案) of an on-the-spot decision: the head (第五十二条)."""
    return decision.case.procedure == Procedure.SUMMARY and can_decide(user, decision.agency_id)


def can_serve(user: Any, decision: Decision) -> bool:
    """Record service and execution: the case's handling officers."""
    return can_handle(user, decision.case)


def can_record_payment(user: Any, decision: Decision) -> bool:
    """Record a payment reported by the bank: handling officers or the head."""
    return can_handle(user, decision.case) or can_decide(user, decision.agency_id)


def can_change_status(user: Any, decision: Decision) -> bool:
    """Record that a decision was revoked, confirmed illegal or is to be remade: the head."""
    return can_decide(user, decision.agency_id)


def can_record_remedy(user: Any, decision: Decision) -> bool:
    """Record a reconsideration or lawsuit and its outcome: handling officers or the head."""
    return can_handle(user, decision.case) or can_decide(user, decision.agency_id)


def can_transfer(user: Any, case: Case) -> bool:
    """Record a transfer to the judicial organs: the case's handling officers or the head."""
    return can_handle(user, case) or can_decide(user, case.agency_id)
