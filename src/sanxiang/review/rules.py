"""Whether a case needs legal review, decided by rules that give their reasons (plan L2).

- 实施方案 二(三)2(1): every general-procedure penalty decision (the plan keeps the rule of
  the 2017 行政处罚法; the 2021 law's 第五十八条 itself names only its four situations,
  so the rule is a setting, on by default because the plan wins);
- 行政处罚法 第五十八条 第一款 第二项: decisions after a hearing;
- 实施方案 / 行政许可法 第四十六、四十七条: every licence subject to a hearing;
- the agency's own catalogue (审核事项清单), matched on category, power item, procedure and
  the amount at stake;
- the plan's five criteria, answered by the handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.choices import PowerCategory
from sanxiang.cases.choices import Procedure
from sanxiang.cases.models import Case
from sanxiang.core.rulebook import Refusal, refusal
from sanxiang.review.choices import Criterion, ReasonCode
from sanxiang.review.models import Applicability, CatalogueMatter, ReviewCatalogue
from sanxiang.review.rulebook import SUMMARY_REVIEW_CATALOGUE


@dataclass(frozen=True)
class Verdict:
    """``required`` is ``None`` while the handler has not yet answered the criteria."""

    required: bool | None
    reasons: list[dict[str, str]]


def _reason(code: ReasonCode, text: str) -> dict[str, str]:
    return {"code": code.value, "text": text}


def statutory_reasons(case: Case) -> list[dict[str, str]]:
    """Reasons that follow from the case itself, before any answer."""
    reasons = []
    full = case.procedure in (Procedure.GENERAL, Procedure.HEARING)
    if case.category == PowerCategory.PENALTY and full and settings.REVIEW_ALL_GENERAL_PENALTIES:
        reasons.append(_reason(ReasonCode.GENERAL_PENALTY, _(
            "A penalty decided under the general procedure (实施方案 二(三)2(1))."
        )))  # fmt: skip
    if case.category == PowerCategory.PENALTY and case.procedure == Procedure.HEARING:
        reasons.append(_reason(ReasonCode.HEARING, _(
            "A decision made after a hearing (行政处罚法 第五十八条 第一款 第二项)."
        )))  # fmt: skip
    if case.category == PowerCategory.LICENSING and case.procedure == Procedure.HEARING:
        reasons.append(_reason(ReasonCode.LICENCE_HEARING, _(
            "A licence subject to a hearing (行政许可法 第四十六条、第四十七条; 实施方案 二(三)2(1))."
        )))  # fmt: skip
    return reasons


def current_catalogue(agency_id: int) -> ReviewCatalogue | None:
    return (
        ReviewCatalogue.objects.filter(
            agency_id=agency_id, effective_from__lte=timezone.localdate()
        )
        .order_by("-version")
        .first()
    )


def matching_matters(
    case: Case, catalogue: ReviewCatalogue | None, amount: Decimal | None
) -> list[CatalogueMatter]:
    if catalogue is None:
        return []
    found = []
    for matter in catalogue.matters.all():
        if matter.category and matter.category != case.category:
            continue
        if matter.power_item_code and matter.power_item_code != case.power_item.code:
            continue
        if matter.procedure and matter.procedure != case.procedure:
            continue
        if matter.min_amount is not None and (amount is None or amount < matter.min_amount):
            continue
        found.append(matter)
    return found


def assess(
    case: Case, answers: dict[str, bool], amount: Decimal | None,
    catalogue: ReviewCatalogue | None,
) -> Verdict:  # fmt: skip
    """The verdict for the handler's answers (every criterion answered)."""
    if case.procedure == Procedure.SUMMARY:
        return _summary_verdict(case, catalogue, amount)
    reasons = statutory_reasons(case)
    for matter in matching_matters(case, catalogue, amount):
        reasons.append(_reason(ReasonCode.CATALOGUE, _(
            "In the review catalogue (%(catalogue)s): %(matter)s."
        ) % {"catalogue": str(catalogue), "matter": matter.name}))  # fmt: skip
    for criterion in Criterion:
        if answers.get(criterion.value):
            reasons.append(_reason(ReasonCode.CRITERION, _("The handler answered yes: %(q)s")
                                   % {"q": criterion.label}))  # fmt: skip
    if not reasons:
        return Verdict(False, [_reason(ReasonCode.NONE, _(
            "No rule, catalogue matter or criterion requires review."
        ))])  # fmt: skip
    return Verdict(True, reasons)


def _summary_reason() -> dict[str, str]:
    return _reason(ReasonCode.NONE, _(
        "Summary procedure: decided on the spot without review (行政处罚法 第五十一条)."
    ))  # fmt: skip


def summary_matters(
    case: Case, catalogue: ReviewCatalogue | None, amount: Decimal | None
) -> list[CatalogueMatter]:
    """Catalogue rows that cover a summary case: those naming the summary procedure (a row
    without a procedure was written for the general one, where review is the rule)."""
    return [
        matter
        for matter in matching_matters(case, catalogue, amount)
        if matter.procedure == Procedure.SUMMARY
    ]


def _catalogue_reasons(
    catalogue: ReviewCatalogue | None, matters: list[CatalogueMatter]
) -> list[dict[str, str]]:
    return [_reason(ReasonCode.CATALOGUE, _(
        "In the review catalogue (%(catalogue)s): %(matter)s."
    ) % {"catalogue": str(catalogue), "matter": matter.name}) for matter in matters]  # fmt: skip


def _summary_verdict(
    case: Case, catalogue: ReviewCatalogue | None, amount: Decimal | None
) -> Verdict:
    """Summary cases skip review unless the agency's catalogue covers them
    (rule penalty.summary.review_catalogue)."""
    matters = summary_matters(case, catalogue, amount)
    if matters:
        return Verdict(True, _catalogue_reasons(catalogue, matters))
    return Verdict(False, [_summary_reason()])


def summary_catalogue_refusal(case: Case, fine: Decimal | None) -> Refusal | None:
    """A catalogue row covering this summary decision at its fine: review must pass first."""
    if case.procedure != Procedure.SUMMARY:
        return None
    catalogue = current_catalogue(case.agency_id)
    matters = summary_matters(case, catalogue, fine)
    if not matters:
        return None
    return refusal(SUMMARY_REVIEW_CATALOGUE, _(
        "The agency's review catalogue (%(catalogue)s) requires legal review of this "
        "on-the-spot decision (%(matter)s): submit it for review first."
    ) % {"catalogue": str(catalogue), "matter": matters[0].name})  # fmt: skip


def verdict_for(case: Case) -> Verdict:
    """What the rules say now: the recorded assessment, or the statutory rules alone."""
    if case.procedure == Procedure.SUMMARY:
        recorded_summary = Applicability.objects.filter(case_id=case.pk).first()
        if recorded_summary is not None and recorded_summary.required:
            return Verdict(True, recorded_summary.reasons)
        # Rows without an amount apply now; rows with one apply to the decision's fine
        # (summary_catalogue_refusal, asked by make_decision).
        return _summary_verdict(case, current_catalogue(case.agency_id), None)
    recorded: Any = Applicability.objects.filter(case_id=case.pk).first()
    statutory = statutory_reasons(case)
    if recorded is not None:
        if statutory and not recorded.required:
            return Verdict(True, statutory)
        return Verdict(recorded.required, recorded.reasons)
    if statutory:
        return Verdict(True, statutory)
    return Verdict(None, [])
