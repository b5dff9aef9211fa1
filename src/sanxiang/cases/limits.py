"""Whether a party may be punished at all: limitation, age and capacity (行政处罚法 第三十条、
第三十一条、第三十六条).

Pure functions of a case (and of what the head is about to decide), read by the services that
open a case and record its violation, by ``decisions.services.make_decision``, by the guard on
the MAKE_DECISION step, by the review checklist and by the pages that show the duties.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sanxiang.agencies.choices import PowerCategory
from sanxiang.cases import rulebook
from sanxiang.cases.choices import Mitigation, PartyKind, Responsibility, Transition
from sanxiang.cases.models import Case, Party
from sanxiang.cases.statemachine import register_guard
from sanxiang.core.identifiers import birth_date_of
from sanxiang.core.rulebook import Refusal, refusal

# 行政处罚法 第三十六条: two years, five where life, health or financial safety was harmed.
LIMITATION_YEARS = 2
EXTENDED_LIMITATION_YEARS = 5
# 行政处罚法 第三十条: no penalty under 14; lighter or reduced from 14 to under 18.
AGE_OF_LIABILITY = 14
AGE_OF_MAJORITY = 18


@dataclass(frozen=True)
class ViolationData:
    """When the violation happened, as the officer records it at filing."""

    committed_on: dt.date | None
    continuing: bool = False
    ended_on: dt.date | None = None
    extended: bool = False  # 第三十六条: five years (life/health or financial safety, harm)
    extension_reason: str = ""


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def applies(case: Case) -> bool:
    """行政处罚法 governs penalty cases only."""
    return case.category == PowerCategory.PENALTY


def check_violation(data: ViolationData, *, filed_on: dt.date) -> None:
    """The dates must be possible: the act before its discovery, its end after its start."""
    if data.committed_on is None:
        raise ValidationError(
            {"violation_on": str(refusal(rulebook.LIMITATION, _(
                "Enter the date the violation was committed; the limitation period runs from it."
            )))}
        )  # fmt: skip
    if data.committed_on > filed_on:
        raise ValidationError(
            {"violation_on": _("The violation cannot be later than the filing of the case.")}
        )
    if data.ended_on is not None:
        if not data.continuing:
            raise ValidationError({"violation_ended_on": _(
                "An end date is only for a continuing or repeated violation: tick it or "
                "leave the end date empty."
            )})  # fmt: skip
        if not data.committed_on <= data.ended_on <= filed_on:
            raise ValidationError({"violation_ended_on": _(
                "The end of the violation must be between its start and the filing of the case."
            )})  # fmt: skip
    if data.extended and not data.extension_reason.strip():
        raise ValidationError({"limitation_reason": _(
            "Say why the five-year period applies: which harm to life, health or financial "
            "security the violation caused."
        )})  # fmt: skip


def limitation_runs_from(case: Case) -> dt.date | None:
    """The day the period starts: the act, or the end of a continuing act (None: not ended)."""
    if case.violation_continuing:
        return case.violation_ended_on
    return case.violation_on


def limitation_ends(case: Case) -> dt.date | None:
    start = limitation_runs_from(case)
    if start is None:
        return None
    years = EXTENDED_LIMITATION_YEARS if case.limitation_extended else LIMITATION_YEARS
    return add_years(start, years)


def limitation_refusal(case: Case) -> Refusal | None:
    """Why the case is out of time, comparing the filing date (the day it was found)."""
    if not applies(case):
        return None
    if case.violation_on is None:
        return refusal(rulebook.LIMITATION, _(
            "The date of the violation is not recorded: record it before the case is decided."
        ), "violation_on")  # fmt: skip
    end = limitation_ends(case)
    if end is None or case.filed_on <= end:
        return None
    years = EXTENDED_LIMITATION_YEARS if case.limitation_extended else LIMITATION_YEARS
    return refusal(rulebook.LIMITATION, _(
        "The violation of %(start)s was found (the case filed) on %(filed)s, after the "
        "%(years)d-year limitation period ended on %(end)s: no penalty may be given."
    ) % {"start": limitation_runs_from(case), "filed": case.filed_on, "years": years,
         "end": end}, "violation_on")  # fmt: skip


def _natural_persons(case: Case) -> list[Party]:
    if case.pk is None:
        return []
    links = case.case_parties.select_related("party")
    return [link.party for link in links if link.party.kind == PartyKind.NATURAL_PERSON]


def ages_at_violation(case: Case) -> list[tuple[Party, int]]:
    """Each natural-person party's age on the day the violation was committed."""
    if case.violation_on is None:
        return []
    found = []
    for party in _natural_persons(case):
        try:
            birth = birth_date_of(party.id_number)
        except (ValueError, TypeError):
            continue
        found.append((party, age_on(birth, case.violation_on)))
    return found


def _minor_params(party: Party, age: int) -> dict[str, object]:
    return {"name": party.name, "age": age}


def no_penalty_refusals(case: Case) -> list[Refusal]:
    """What forbids any penalty on the case: out of time, a child, no capacity."""
    if not applies(case):
        return []
    found = []
    if (late := limitation_refusal(case)) is not None:
        found.append(late)
    for party, age in ages_at_violation(case):
        if age < AGE_OF_LIABILITY:
            found.append(refusal(rulebook.MINORS, _(
                "%(name)s was %(age)d when the violation was committed, under 14: no penalty "
                "may be given; terminate the case and order the guardian to discipline the minor."
            ) % _minor_params(party, age)))  # fmt: skip
    if case.responsibility == Responsibility.NOT_LIABLE:
        found.append(refusal(rulebook.INCAPACITY, _(
            "The case records that the party could not recognise or control the conduct: no "
            "penalty may be given; terminate the case and order the guardian to look after "
            "and treat the party."
        )))  # fmt: skip
    return found


def mitigation_duty(case: Case) -> list[tuple[Party, int]]:
    """The parties of 14 to under 18 at the act: a lighter or reduced penalty is due."""
    if not applies(case):
        return []
    return [(p, age) for p, age in ages_at_violation(case) if AGE_OF_LIABILITY <= age < 18]


def decision_refusals(
    case: Case, *, penalties: bool, mitigation: str = "", reasoning: str = ""
) -> list[Refusal]:
    """Everything 第三十条、第三十一条、第三十六条 refuse in a decision the head is about to make."""
    if not applies(case):
        return []
    found = no_penalty_refusals(case) if penalties else []
    if mitigation and mitigation not in Mitigation.values:
        raise ValidationError({"mitigation": _("Choose a lighter or a reduced penalty.")})
    duty = mitigation_duty(case)
    if penalties and duty and not (mitigation and reasoning.strip()):
        names = "、".join(f"{p.name}（{age}）" for p, age in duty)
        found.append(refusal(rulebook.MINORS, _(
            "%(names)s was 14 to 18 years old when the violation was committed: record a "
            "lighter or reduced penalty and its reasons."
        ) % {"names": names}, "mitigation"))  # fmt: skip
    elif mitigation and not reasoning.strip():
        raise ValidationError({"mitigation_reasoning": _("Give the reasons for the mitigation.")})
    return found


def duties(case: Case) -> list[str]:
    """What the handler, reviewer and head are told about punishing at all (empty: nothing)."""
    if not applies(case):
        return []
    lines = [str(r) for r in no_penalty_refusals(case)]
    for party, age in mitigation_duty(case):
        lines.append(str(refusal(rulebook.MINORS, _(
            "%(name)s was %(age)d when the violation was committed: the penalty must be "
            "lighter or reduced, with the reasons recorded on the decision."
        ) % _minor_params(party, age))))  # fmt: skip
    if case.responsibility == Responsibility.LIMITED:
        lines.append(str(refusal(rulebook.INCAPACITY, _(
            "The case records that the party had not fully lost the ability to recognise or "
            "control the conduct: a lighter or reduced penalty may be given."
        ))))  # fmt: skip
    return lines


def limitation_summary(case: Case) -> str:
    """One line for the case page: from when the period runs, until when, and the filing date."""
    if not applies(case) or case.violation_on is None:
        return ""
    end = limitation_ends(case)
    if end is None:
        return _("The violation was still going on when the case was filed: within the period.")
    years = EXTENDED_LIMITATION_YEARS if case.limitation_extended else LIMITATION_YEARS
    return _(
        "Limitation period: %(years)d years from %(start)s, until %(end)s; the case was filed "
        "on %(filed)s."
    ) % {"years": years, "start": limitation_runs_from(case), "end": end,
         "filed": case.filed_on}  # fmt: skip


@register_guard(Transition.MAKE_DECISION)
def decision_guard(case: Case, transition: Transition) -> str | None:
    """No decision step on a case out of time, against a child or a party without capacity."""
    refusals = no_penalty_refusals(case)
    return " ".join(str(r) for r in refusals) or None
