"""Statutory time limits of a case, computed with the working-day calendar.

Each rule says what the deadline is for, from which date it runs, how long it is and which
article sets it. 行政处罚法 第八十五条: "二日""三日""五日""七日" are working days; longer
periods are calendar days, whose last day moves past rest days (民事诉讼法 第八十五条).
Deadlines reaching into a year without holiday data are provisional, never an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sanxiang.cases.choices import DeadlineKind, Procedure, Stage
from sanxiang.cases.models import Case
from sanxiang.core import calendar
from sanxiang.core.worklist import Urgency

# 行政处罚法 第六十条: decided within 90 days of filing (calendar days: not in 第八十五条's list).
DECISION_DAYS = 90
# 行政处罚法 第六十四条 第一项: the party asks for a hearing within 5 (working) days of notice.
HEARING_REQUEST_WORKING_DAYS = 5
# 行政处罚法 第六十一条 → 民事诉讼法: a decision not handed over on the spot is served within 7
# (working) days.
SERVICE_WORKING_DAYS = 7
# A deadline this close (calendar days) is "due soon" on the work list.
DUE_SOON_DAYS = 3

PENALTY_LAW = "《中华人民共和国行政处罚法》"

BEFORE_DECISION = frozenset(
    {
        Stage.FILED,
        Stage.INVESTIGATION,
        Stage.PROPOSAL,
        Stage.NOTIFICATION,
        Stage.DEFENCE,
        Stage.LEGAL_REVIEW,
        Stage.DECISION,
    }
)


@dataclass(frozen=True)
class CaseDeadline:
    """A time limit running on a case now: what it is for, and the computed deadline."""

    kind: DeadlineKind
    purpose: str
    deadline: calendar.Deadline

    @property
    def due(self) -> dt.date:
        return self.deadline.due

    def urgency(self, today: dt.date) -> Urgency:
        if today > self.due:
            return Urgency.OVERDUE
        if (self.due - today).days <= DUE_SOON_DAYS:
            return Urgency.DUE_SOON
        return Urgency.NORMAL


def _extension_days(case: Case, kind: DeadlineKind) -> int:
    return sum(e.days for e in case.extensions.all() if e.kind == kind)


def _decision(case: Case) -> CaseDeadline | None:
    if case.stage not in BEFORE_DECISION or case.procedure == Procedure.SUMMARY:
        return None
    days = DECISION_DAYS + _extension_days(case, DeadlineKind.DECISION)
    basis = PENALTY_LAW + "第六十条"
    if days != DECISION_DAYS:
        basis += str(_("; extended with approval"))
        cited = [e.legal_basis for e in case.extensions.all() if e.legal_basis]
        if cited:  # 第六十条: the provision that allows the longer period
            basis += "（" + "、".join(dict.fromkeys(cited)) + "）"
    return CaseDeadline(
        DeadlineKind.DECISION,
        str(_("Decision on the case")),
        calendar.calendar_day_deadline(case.filed_on, days, basis=basis),
    )


def _party_response(case: Case) -> CaseDeadline | None:
    if case.stage != Stage.NOTIFICATION or case.notified_on is None:
        return None
    if case.procedure == Procedure.HEARING:
        return CaseDeadline(
            DeadlineKind.HEARING_REQUEST,
            str(_("Party may request a hearing until")),
            calendar.working_day_deadline(
                case.notified_on,
                HEARING_REQUEST_WORKING_DAYS,
                basis=PENALTY_LAW + "第六十四条、第八十五条",
            ),
        )
    # The law sets no period for 陈述申辩; agencies set their own (domain-notes §6.1).
    return CaseDeadline(
        DeadlineKind.STATEMENT,
        str(_("Party may state and defend until")),
        calendar.working_day_deadline(
            case.notified_on,
            settings.CASES_STATEMENT_WORKING_DAYS,
            basis=PENALTY_LAW + str(_("Article 62; period set by the agency")),
        ),
    )


def _service(case: Case) -> CaseDeadline | None:
    if case.stage != Stage.SERVICE or case.decided_on is None:
        return None
    return CaseDeadline(
        DeadlineKind.SERVICE,
        str(_("Serve the decision")),
        calendar.working_day_deadline(
            case.decided_on, SERVICE_WORKING_DAYS, basis=PENALTY_LAW + "第六十一条、第八十五条"
        ),
    )


# 行政处罚法 第五十二条 sets no period for filing an on-the-spot decision: the agency's
# setting, within these bounds (working days; rule penalty.summary.filing).
SUMMARY_FILING_BOUNDS = (1, 15)


def summary_filing_deadline(case: Case) -> CaseDeadline | None:
    """备案: an on-the-spot decision is filed with the agency within the set period."""
    if case.procedure != Procedure.SUMMARY or case.decided_on is None:
        return None
    if case.summary_filed_on is not None or case.migrated:
        return None
    low, high = SUMMARY_FILING_BOUNDS
    days = min(max(int(settings.CASES_SUMMARY_FILING_WORKING_DAYS), low), high)
    return CaseDeadline(
        DeadlineKind.SUMMARY_FILING,
        str(_("File the on-the-spot decision with the agency")),
        calendar.working_day_deadline(
            case.decided_on,
            days,
            basis=PENALTY_LAW + str(_("Article 52; period set by the agency")),
        ),
    )


RULES: list[Callable[[Case], CaseDeadline | None]] = [
    _decision,
    _party_response,
    _service,
    summary_filing_deadline,
]


Provider = Callable[[Case], Iterable[CaseDeadline]]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add the time limits a later app computes (the decisions app: payment, enforcement,
    answers to a challenge, which know the decision); usable as a decorator."""
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def deadlines_for(case: Case) -> list[CaseDeadline]:
    """The time limits running on ``case`` now, earliest first (uses ``case.extensions``)."""
    if case.migrated:  # an imported historic case: its time limits ran out of this system
        return []
    found = [d for rule in RULES if (d := rule(case)) is not None]
    found += [d for provider in PROVIDERS for d in provider(case)]
    return sorted(found, key=lambda d: d.due)


def next_deadline(case: Case) -> CaseDeadline | None:
    found = deadlines_for(case)
    return found[0] if found else None
