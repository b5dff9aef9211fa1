"""The stage state machine of a case: which transition goes from where to where, for whom.

Later apps add their rules as guards, registered in their ``AppConfig.ready``: a guard
returns a reason (a translated string) when the transition must not happen now, else
``None``. The review app guards ``PREPARE_DECISION`` and ``MAKE_DECISION`` with the review
gate (行政处罚法 第五十八条); the records app guards ``ARCHIVE`` with the completeness check.
Every door (views, API, admin, commands) goes through ``services.transition_case``, which
runs the table and every guard, so a rule holds whatever door a request comes in by.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanxiang.cases.choices import Procedure, Stage, Transition
from sanxiang.core.roles import Role

if TYPE_CHECKING:
    from sanxiang.cases.models import Case

ALL_PROCEDURES = frozenset(Procedure)
FULL_PROCEDURES = frozenset({Procedure.GENERAL, Procedure.HEARING})


@dataclass(frozen=True)
class TransitionRule:
    sources: frozenset[Stage]
    target: Stage
    procedures: frozenset[Procedure] = ALL_PROCEDURES
    # Who may take it: a handling officer of the case, or a user with one of these roles.
    handler: bool = True
    roles: frozenset[Role] = frozenset()
    reason_required: bool = False
    # Taken only by another app's service (e.g. the review app), never from the case page.
    external: bool = False
    # Procedures in which the handling officers may take it although ``handler`` is off
    # (行政处罚法 第五十二条: in the summary procedure the officers decide on the spot).
    handler_procedures: frozenset[Procedure] = frozenset()


def _rule(sources: set[Stage], target: Stage, **kwargs: Any) -> TransitionRule:
    return TransitionRule(sources=frozenset(sources), target=target, **kwargs)


TRANSITIONS: dict[Transition, TransitionRule] = {
    Transition.START_INVESTIGATION: _rule({Stage.FILED}, Stage.INVESTIGATION),
    # 行政处罚法 第五十七条: after investigation the head reviews the results.
    Transition.CONCLUDE_INVESTIGATION: _rule(
        {Stage.INVESTIGATION}, Stage.PROPOSAL, procedures=FULL_PROCEDURES
    ),
    # 行政处罚法 第五十一条/第五十二条: the summary procedure decides on the spot.
    Transition.DECIDE_ON_THE_SPOT: _rule(
        {Stage.FILED, Stage.INVESTIGATION, Stage.PROPOSAL},
        Stage.DECISION,
        procedures=frozenset({Procedure.SUMMARY}),
    ),
    # 行政处罚法 第四十四条/第六十二条: no decision before the party is told and heard.
    Transition.NOTIFY_PARTY: _rule(
        {Stage.PROPOSAL}, Stage.NOTIFICATION, procedures=FULL_PROCEDURES
    ),
    Transition.OPEN_DEFENCE: _rule({Stage.NOTIFICATION}, Stage.DEFENCE, procedures=FULL_PROCEDURES),
    # 行政处罚法 第五十八条: legal review; entered and left by the review app's services.
    # From 审查/拟决定 only when resubmitting after a return (the review app guards this).
    # A summary case reaches review only when the agency's review catalogue covers it
    # (review.rules.summary_matters), from before its on-the-spot decision.
    Transition.SUBMIT_FOR_REVIEW: _rule(
        {
            Stage.NOTIFICATION,
            Stage.DEFENCE,
            Stage.PROPOSAL,
            Stage.FILED,
            Stage.INVESTIGATION,
            Stage.DECISION,
        },
        Stage.LEGAL_REVIEW,
        external=True,
    ),
    Transition.RETURN_FOR_REVISION: _rule(
        {Stage.LEGAL_REVIEW},
        Stage.PROPOSAL,
        handler=False,
        # The head too: settling a disagreement in the reviewer's favour (plan 二(三)2(2)).
        roles=frozenset({Role.REVIEWER, Role.HEAD}),
        reason_required=True,
        external=True,
    ),
    Transition.PASS_REVIEW: _rule(
        {Stage.LEGAL_REVIEW},
        Stage.DECISION,
        handler=False,
        roles=frozenset({Role.REVIEWER, Role.HEAD}),
        external=True,
    ),
    # Straight to decision where no legal review is required (the review app guards this).
    Transition.PREPARE_DECISION: _rule(
        {Stage.NOTIFICATION, Stage.DEFENCE}, Stage.DECISION, procedures=FULL_PROCEDURES
    ),
    # 行政处罚法 第五十七条: the head of the agency decides; taken only by the decisions app's
    # make_decision (the Decision record) and serve_decision (the 送达 record). 第五十二条: in
    # the summary procedure the handling officers decide on the spot.
    Transition.MAKE_DECISION: _rule(
        {Stage.DECISION},
        Stage.SERVICE,
        handler=False,
        roles=frozenset({Role.HEAD}),
        external=True,
        handler_procedures=frozenset({Procedure.SUMMARY}),
    ),
    Transition.SERVE_DECISION: _rule({Stage.SERVICE}, Stage.EXECUTION, external=True),
    Transition.CLOSE: _rule({Stage.EXECUTION}, Stage.CLOSED),
    # 撤销立案 / 不予行政处罚 (行政处罚法 第五十七条 第一款 第二、三、四项): with the reason.
    # Also at the decision: a case no penalty may end (行政处罚法 第三十条、第三十一条、第三十六条)
    # is terminated by the head instead.
    Transition.TERMINATE: _rule(
        {Stage.FILED, Stage.INVESTIGATION, Stage.PROPOSAL, Stage.DECISION},
        Stage.CLOSED,
        handler=False,
        roles=frozenset({Role.HEAD}),
        reason_required=True,
    ),
    # 归档: the handling officers hand the file in; the head may archive it too.
    Transition.ARCHIVE: _rule({Stage.CLOSED}, Stage.ARCHIVED, roles=frozenset({Role.HEAD})),
    # 行政处罚法 第五十一条: outside the summary procedure's limits, the case goes on under the
    # general procedure; only before the decision, with the reason (services.apply_transition
    # sets the procedure).
    Transition.CHANGE_PROCEDURE: _rule(
        {Stage.FILED, Stage.INVESTIGATION, Stage.PROPOSAL, Stage.DECISION},
        Stage.INVESTIGATION,
        procedures=frozenset({Procedure.SUMMARY}),
        roles=frozenset({Role.HEAD}),
        reason_required=True,
    ),
}

Guard = Callable[["Case", Transition], "str | Promise | None"]
_guards: dict[Transition, list[Guard]] = defaultdict(list)


def register_guard(*transitions: Transition) -> Callable[[Guard], Guard]:
    """Register ``guard`` for the given transitions (decorator; idempotent)."""

    def decorator(guard: Guard) -> Guard:
        for transition in transitions:
            if guard not in _guards[transition]:
                _guards[transition].append(guard)
        return guard

    return decorator


def guard_reasons(case: Case, transition: Transition) -> list[str]:
    """Why the registered guards refuse ``transition`` now (empty when they all allow it)."""
    reasons = []
    for guard in _guards[transition]:
        reason = guard(case, transition)
        if reason:
            reasons.append(str(reason))
    return reasons


def transitions_from(case: Case) -> list[Transition]:
    """Transitions the table offers from the case's stage under its procedure."""
    return [
        transition
        for transition, rule in TRANSITIONS.items()
        if case.stage in rule.sources and case.procedure in rule.procedures
    ]


def not_in_table_reason(case: Case, transition: Transition) -> str | None:
    rule = TRANSITIONS[transition]
    if case.procedure not in rule.procedures:
        return str(_("Not part of this case's procedure."))
    if case.stage not in rule.sources:
        return str(
            _("The case must first be at: %(stages)s.")
            % {"stages": "、".join(str(Stage(s).label) for s in sorted(rule.sources))}
        )
    return None


ActGuard = Callable[[Any], "str | Promise | None"]
_act_guards: list[ActGuard] = []


def register_act_guard(guard: ActGuard) -> ActGuard:
    """Register a rule an act must meet before it is completed (decorator; idempotent).

    The records app registers the mandatory-recording rule (音像记录事项清单) here.
    """
    if guard not in _act_guards:
        _act_guards.append(guard)
    return guard


def act_guard_reasons(act: Any) -> list[str]:
    return [str(reason) for guard in _act_guards if (reason := guard(act))]
