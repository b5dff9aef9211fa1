"""The limits of the summary procedure (简易程序), as pure functions of the case.

行政处罚法 第五十一条: on the spot, only a warning, or a fine up to 200 yuan for a citizen and
3,000 yuan for a legal person or other organisation, "法律另有规定的，从其规定" — a power item
may carry higher limits set by a law (``SummaryLimit``), always with that law's citation.
``decisions.services.make_decision`` asks :func:`summary_refusals` before a summary decision;
anything outside is refused with the article and the case moves to the general procedure
(``services.change_procedure``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from sanxiang.cases import rulebook
from sanxiang.cases.choices import PartyKind, Procedure
from sanxiang.cases.models import Case, SummaryLimit
from sanxiang.core.rulebook import Refusal, refusal

# 第五十一条's limits (yuan).
PERSON_LIMIT = Decimal("200")
ORGANISATION_LIMIT = Decimal("3000")
# The penalty types allowed on the spot (review.choices.PenaltyType values; cases comes
# before review, so the values are written here and a test keeps them equal).
WARNING = "warning"
FINE = "fine"
SUMMARY_PENALTIES = frozenset({WARNING, FINE})
# A law's citation: 《…法》 and an article (第…条). Regulations (条例) and rules do not count:
# 第五十一条 yields only to a law (法律另有规定).
LAW_CITATION = re.compile(r"《[^《》]*法》.*第[零〇一二三四五六七八九十百千0-9]+条")


@dataclass(frozen=True)
class Limits:
    person: Decimal
    organisation: Decimal
    basis: str  # what sets them: 第五十一条, or the law a SummaryLimit cites


def limits_for(case: Case) -> Limits:
    """The on-the-spot fine limits for ``case``'s power item."""
    default = Limits(PERSON_LIMIT, ORGANISATION_LIMIT, rulebook.SUMMARY_SCOPE.citation)
    override = SummaryLimit.objects.filter(power_item_id=case.power_item_id).first()
    if override is None:
        return default
    return Limits(
        person=override.person_limit or PERSON_LIMIT,
        organisation=override.organisation_limit or ORGANISATION_LIMIT,
        basis=override.legal_basis,
    )


def fine_limit(case: Case, limits: Limits | None = None) -> Decimal:
    """The highest fine: a citizen's limit if any party is a natural person."""
    limits = limits or limits_for(case)
    kinds = set(case.case_parties.values_list("party__kind", flat=True))
    return limits.person if PartyKind.NATURAL_PERSON in kinds or not kinds else limits.organisation


def summary_refusals(
    case: Case, penalty_types: Sequence[str], fine: Decimal | None
) -> list[Refusal]:
    """Why a summary decision with these penalties is outside 第五十一条 (empty: within)."""
    if case.procedure != Procedure.SUMMARY:
        return []
    found = []
    others = set(penalty_types) - SUMMARY_PENALTIES
    if others:
        found.append(refusal(rulebook.SUMMARY_SCOPE, _(
            "On the spot only a warning or a fine may be given; this penalty must be decided "
            "under the general procedure: move the case to it."
        ), "penalty_types"))  # fmt: skip
    limits = limits_for(case)
    limit = fine_limit(case, limits)
    if fine is not None and fine > limit:
        found.append(refusal(rulebook.SUMMARY_SCOPE, _(
            "On the spot a fine may be at most %(limit)s yuan for this party (%(basis)s); "
            "decide it under the general procedure: move the case to it."
        ) % {"limit": f"{limit:,.0f}", "basis": limits.basis}, "fine"))  # fmt: skip
    return found


def override_refusals(
    person_limit: Decimal | None, organisation_limit: Decimal | None, legal_basis: str
) -> list[Refusal]:
    """Why higher limits for a power item may not be recorded (empty: they may)."""
    rule = rulebook.SUMMARY_LAW_OVERRIDE
    found = []
    if person_limit is None and organisation_limit is None:
        found.append(refusal(rule, _(
            "Enter the higher limit the law sets for a citizen, an organisation or both."
        ), "person_limit"))  # fmt: skip
    for name, value, default in (
        ("person_limit", person_limit, PERSON_LIMIT),
        ("organisation_limit", organisation_limit, ORGANISATION_LIMIT),
    ):
        if value is not None and value <= default:
            found.append(refusal(rule, _(
                "A limit set by a law is above the statutory one (%(default)s yuan); the "
                "statutory limit needs no entry."
            ) % {"default": f"{default:,.0f}"}, name))  # fmt: skip
    if not LAW_CITATION.search(legal_basis.strip()):
        found.append(refusal(rule, _(
            "Cite the law (法律) that sets the higher limit, with its article, e.g. "
            "《中华人民共和国道路交通安全法》第一百零七条; a regulation or rule cannot."
        ), "legal_basis"))  # fmt: skip
    return found
