"""The legal-review rules the review app applies (see ``sanxiang.core.rulebook``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanxiang.core.rulebook import Guards, rule

PENALTY_LAW = "《中华人民共和国行政处罚法》"

REVIEW_GATE = rule(
    "penalty.review_gate",
    statute=PENALTY_LAW,
    article="第五十八条",
    words="有下列情形之一，在行政机关负责人作出行政处罚的决定之前，应当由从事行政处罚决定"
    "法制审核的人员进行法制审核；未经法制审核或者审核未通过的，不得作出决定。",
    summary=_("No decision while a required legal review is pending or has not passed."),
    guards=[Guards.TRANSITION],
    enforced_in=[
        "sanxiang.review.gate.decision_gate",
        "sanxiang.review.gate.no_review_path_gate",
    ],
)

SUMMARY_REVIEW_CATALOGUE = rule(
    "penalty.summary.review_catalogue",
    statute=PENALTY_LAW,
    article="第五十八条",
    words="有下列情形之一，在行政机关负责人作出行政处罚的决定之前，应当由从事行政处罚决定"
    "法制审核的人员进行法制审核；未经法制审核或者审核未通过的，不得作出决定：……"
    "（四）法律、法规规定应当进行法制审核的其他情形。",
    summary=_(
        "A row of the agency's review catalogue that covers summary cases (e.g. on-the-spot "
        "fines from 200 yuan) is honoured: such a case is decided only after review has passed."
    ),
    guards=[Guards.TRANSITION],
    enforced_in=[
        "sanxiang.review.rules.verdict_for",
        "sanxiang.review.rules.summary_catalogue_refusal",
    ],
)
