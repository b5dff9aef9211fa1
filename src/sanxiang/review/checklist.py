"""The statutory checklist's pre-filled items (plan L3): what the platform can check itself.

Officers: the credential each officer showed at each act, as it stood on the act's date.
Procedure: the order of the stages, the notice period, the right to a hearing, the time limit.
Discretion: the proposed fine against the agency's 裁量基准 for the circumstances found.
Each returns (result, findings); the reviewer still marks every item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.choices import AgencyKind, CredentialState
from sanxiang.cases import limits, party_rights
from sanxiang.cases.choices import Procedure, Transition
from sanxiang.cases.deadlines import DECISION_DAYS, HEARING_REQUEST_WORKING_DAYS
from sanxiang.cases.models import Act, Case
from sanxiang.cases.rulebook import HEARING_RIGHT
from sanxiang.core import calendar
from sanxiang.core.rulebook import refusal
from sanxiang.review import discretion
from sanxiang.review.choices import ChecklistItem, ItemResult, PenaltyType
from sanxiang.review.models import Review

Prefill = tuple[str, list[str]]
ORDER = [Transition.START_INVESTIGATION, Transition.CONCLUDE_INVESTIGATION,
         Transition.NOTIFY_PARTY]  # fmt: skip


def _result(problems: list[str], notes: list[str]) -> Prefill:
    return (ItemResult.PROBLEM if problems else ItemResult.PASS), problems + notes


def officers(case: Case, review: Review) -> Prefill:
    """行政处罚法 第四十二条: two officers, each with a credential valid on the act's date."""
    problems: list[str] = []
    acts = Act.objects.filter(case=case).prefetch_related(
        "act_officers__officer__credentials__domains"
    )
    checked = 0
    for act in acts:
        day = timezone.localdate(act.started_at)
        links = list(act.act_officers.all())
        if len(links) < 2:
            problems.append(_("%(act)s on %(day)s: fewer than two officers.")
                            % {"act": act.get_kind_display(), "day": day.isoformat()})  # fmt: skip
        for link in links:
            checked += 1
            problems += _credential_problems(case, act, link, day)
    if not checked:
        problems.append(_("No enforcement act is recorded on the case."))
    notes = [_("%(n)d officer appearances checked against the credential records.")
             % {"n": checked}]  # fmt: skip
    return _result(problems, notes)


def _credential_problems(case: Case, act: Act, link: Any, day: dt.date) -> list[str]:
    officer = link.officer
    credential = next(
        (c for c in officer.credentials.all() if c.number == link.credential_number), None
    )
    params = {"name": officer.name, "act": act.get_kind_display(), "day": day.isoformat(),
              "number": link.credential_number or "—"}  # fmt: skip
    if credential is None:
        return [_("%(name)s at %(act)s on %(day)s: credential %(number)s is not on record.")
                % params]  # fmt: skip
    state = credential.state_on(day)
    if state != CredentialState.VALID:
        return [_("%(name)s at %(act)s on %(day)s: credential %(number)s was %(state)s that day.")
                % {**params, "state": state.label}]  # fmt: skip
    if case.power_item.domain not in credential.domains.all():
        return [_("%(name)s at %(act)s on %(day)s: credential %(number)s does not cover %(domain)s.")
                % {**params, "domain": case.power_item.domain.name}]  # fmt: skip
    return []


def procedure(case: Case, review: Review) -> Prefill:
    """Stage order, the notice period, hearing rights (第六十三/六十四条), the 90-day limit."""
    problems: list[str] = []
    notes: list[str] = []
    events = list(case.events.order_by("at", "pk"))
    taken = [e.transition for e in events]
    positions = [taken.index(t) if t in taken else -1 for t in ORDER]
    if -1 in positions or positions != sorted(positions):
        problems.append(_("The stages were not taken in order: investigation, its conclusion, "
                          "prior notice."))  # fmt: skip
    else:
        notes.append(_("Stages in order: investigation, conclusion, prior notice."))
    submitted = timezone.localdate(review.submitted_at)
    problems += _notice_period(case, taken, submitted, notes, review)
    problems += _hearing_rights(case, review)
    limit = calendar.calendar_day_deadline(case.filed_on, DECISION_DAYS + _extended(case))
    if submitted > limit.due:
        problems.append(_("The decision period (行政处罚法 第六十条) ended on %(day)s.")
                        % {"day": limit.due.isoformat()})  # fmt: skip
    return _result(problems, notes)


def _extended(case: Case) -> int:
    return sum(e.days for e in case.extensions.all() if e.kind == "decision")


def _proposal(review: Review) -> party_rights.Proposal:
    return party_rights.Proposal(
        penalty_types=review.proposed_penalties, fine=review.proposed_fine,
        confiscated_gains=review.proposed_confiscation,
    )  # fmt: skip


def _notice_period(
    case: Case, taken: list[str], submitted: dt.date, notes: list[str], review: Review
) -> list[str]:
    """行政处罚法 第四十四、四十五、六十二至六十五条: the same rules make_decision applies."""
    if party_rights.applies_to(case):
        found = party_rights.decision_refusals(case, submitted, _proposal(review))
        notice = party_rights.latest_notice(case)
        if not found and notice is not None:
            notes.append(_("Prior notice served on %(day)s with the proposed penalty; the party "
                           "was heard or the periods had ended.")
                         % {"day": notice.notified_on.isoformat()})  # fmt: skip
        return [str(item) for item in found]
    if case.notified_on is None:
        return [_("No prior notice is recorded (行政处罚法 第四十四条).")]
    if Transition.OPEN_DEFENCE in taken:
        notes.append(_("The party's statement, defence or hearing request is recorded."))
        return []
    days = (
        HEARING_REQUEST_WORKING_DAYS
        if case.procedure == Procedure.HEARING
        else settings.CASES_STATEMENT_WORKING_DAYS
    )
    ends = calendar.working_day_deadline(case.notified_on, days).due
    if submitted <= ends:
        return [_("Submitted on %(sub)s, before the party's period after notice ended "
                  "(%(ends)s).") % {"sub": submitted.isoformat(), "ends": ends.isoformat()}]  # fmt: skip
    notes.append(_("The party's period after notice ended on %(ends)s.")
                 % {"ends": ends.isoformat()})  # fmt: skip
    return []


def needs_hearing_rights(case: Case, penalties: list[str], fine: Decimal | None) -> bool:
    """行政处罚法 第六十三条 (one rule: ``cases.party_rights.hearing_grounds``)."""
    return bool(party_rights.hearing_grounds(case, party_rights.Proposal(penalties, fine)))


def _hearing_rights(case: Case, review: Review) -> list[str]:
    grounds = party_rights.hearing_grounds(case, _proposal(review))
    if not grounds:
        return []
    notice = party_rights.latest_notice(case) if party_rights.applies_to(case) else None
    if notice is not None and notice.hearing_right:
        return []
    if notice is None and case.procedure == Procedure.HEARING:
        return []
    return [str(refusal(HEARING_RIGHT, _(
        "The proposed penalty gives the party a right to a hearing (%(grounds)s), but the prior "
        "notice did not tell the party of it.") % {"grounds": "；".join(grounds)}))]  # fmt: skip


def law(case: Case, review: Review) -> Prefill:
    """The proposed fine against the agency's 裁量基准 for the circumstances found."""
    if PenaltyType.FINE not in review.proposed_penalties or review.proposed_fine is None:
        return ItemResult.UNMARKED, [_("No fine is proposed: nothing to compare with the "
                                       "discretion benchmark.")]  # fmt: skip
    return discretion.check_fine(case, review.proposed_fine, review.discretion_level)


def law_and_limits(case: Case, review: Review) -> Prefill:
    """``law``, and whether the party may be punished at all (行政处罚法 第三十条、第三十一条、
    第三十六条: out of time, a child, no capacity; a minor's mitigation due)."""
    result, lines = law(case, review)
    problems = [str(r) for r in limits.no_penalty_refusals(case)]
    notes = [line for line in limits.duties(case) if line not in problems]
    if problems:
        return ItemResult.PROBLEM, problems + lines + notes
    return result, lines + notes


def agency(case: Case, review: Review) -> Prefill:
    body = case.agency
    if body.kind == AgencyKind.ENTRUSTED and body.entrusting_agency_id is None:
        return _result([_("An entrusted organisation without its entrusting body "
                          "(行政处罚法 第二十条).")], [])  # fmt: skip
    return _result([], [_("%(agency)s (%(kind)s).") % {"agency": body.name,
                                                        "kind": body.get_kind_display()}])  # fmt: skip


def powers(case: Case, review: Review) -> Prefill:
    item = case.power_item
    if item.agency_id != case.agency_id or not item.is_active:
        return _result([_("Power item %(code)s is not in force in the agency's power list.")
                        % {"code": item.code}], [])  # fmt: skip
    return _result([], [_("Power item %(code)s %(name)s is in the agency's power list.")
                        % {"code": item.code, "name": item.name}])  # fmt: skip


PREFILLS: dict[ChecklistItem, Callable[[Case, Review], Prefill]] = {
    ChecklistItem.AGENCY: agency,
    ChecklistItem.OFFICERS: officers,
    ChecklistItem.PROCEDURE: procedure,
    ChecklistItem.LAW: law_and_limits,
    ChecklistItem.POWERS: powers,
}


def prefill(case: Case, review: Review) -> dict[str, Prefill]:
    """Every checklist item with the platform's finding (blank where it cannot judge)."""
    found = {}
    for item in ChecklistItem:
        rule = PREFILLS.get(item)
        found[item.value] = rule(case, review) if rule else (ItemResult.UNMARKED, [])
    return found
