"""The review gate (行政处罚法 第五十八条: 未经法制审核或者审核未通过的，不得作出决定).

One function answers "may this case be decided now, as far as review goes?"; the guards
registered on the case state machine and the decisions app's ``make_decision`` both ask it,
so the rule holds whatever door a request comes in by.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sanxiang.cases.choices import Procedure, Stage, Transition
from sanxiang.cases.models import Case
from sanxiang.cases.statemachine import register_guard
from sanxiang.core.rulebook import refusal
from sanxiang.review.choices import ReviewStatus
from sanxiang.review.models import Review
from sanxiang.review.rulebook import REVIEW_GATE
from sanxiang.review.rules import Verdict, verdict_for

REOPENED = (ReviewStatus.RETURNED, ReviewStatus.SETTLED_REVISE)
# Stages a case is submitted for review from only in the summary procedure.
SUMMARY_ONLY_SOURCES = (Stage.FILED, Stage.INVESTIGATION, Stage.DECISION)


@dataclass(frozen=True)
class GateState:
    verdict: Verdict
    latest: Review | None

    @property
    def cleared(self) -> bool:
        """Whether the latest submission passed review or the head settled it for the handler."""
        return self.latest is not None and self.latest.clears_decision

    def refusal(self) -> str | None:
        """Why the case may not be decided now (None: it may, as far as review goes)."""
        if self.verdict.required is None:
            return _("The handler must first answer whether legal review is required (审核适用性).")
        if self.verdict.required and not self.cleared:
            return str(refusal(REVIEW_GATE, _("Legal review must be completed first.")))
        return None


def latest_review(case: Case) -> Review | None:
    return Review.objects.filter(case_id=case.pk).order_by("-version").first()


def gate_state(case: Case) -> GateState:
    return GateState(verdict=verdict_for(case), latest=latest_review(case))


@register_guard(Transition.MAKE_DECISION)
def decision_gate(case: Case, transition: Transition) -> str | None:
    return gate_state(case).refusal()


@register_guard(Transition.PREPARE_DECISION)
def no_review_path_gate(case: Case, transition: Transition) -> str | None:
    """Straight to decision only where review is not required."""
    state = gate_state(case)
    if state.verdict.required is None:
        return state.refusal()
    if state.verdict.required:
        return str(refusal(REVIEW_GATE, _("Legal review must be completed first.")))
    return None


@register_guard(Transition.SUBMIT_FOR_REVIEW)
def resubmission_gate(case: Case, transition: Transition) -> str | None:
    """From 审查/拟决定 only to resubmit or dispute after a return, once the party was told.

    A summary case goes to review before its on-the-spot decision, and only when the
    agency's review catalogue covers it (rule penalty.summary.review_catalogue).
    """
    if case.procedure == Procedure.SUMMARY:
        if not verdict_for(case).required:
            return _("This on-the-spot case needs no legal review: no catalogue row covers it.")
        return None
    if case.stage in SUMMARY_ONLY_SOURCES:
        return _("Review starts only after the party has been given prior notice.")
    if case.stage != Stage.PROPOSAL:
        return None
    latest = latest_review(case)
    if latest is None or latest.status not in REOPENED:
        return _("Review starts only after the party has been given prior notice.")
    if case.notified_on is None:
        return _("The party must first be given prior notice.")
    return None
