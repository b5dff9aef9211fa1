"""The penalty-case rules of 行政处罚法 the cases app applies (see ``sanxiang.core.rulebook``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanxiang.core.rulebook import Guards, rule

PENALTY_LAW = "《中华人民共和国行政处罚法》"

TWO_OFFICERS = rule(
    "penalty.two_officers",
    statute=PENALTY_LAW,
    article="第四十二条",
    words="行政处罚应当由具有行政执法资格的执法人员实施。执法人员不得少于两人，"
    "法律另有规定的除外。",
    summary=_("At least two officers, each with a valid credential for the domain, act on a case."),
    guards=[Guards.TRANSITION, Guards.RECORD],
    enforced_in=["sanxiang.cases.services.open_case", "sanxiang.cases.services.record_act"],
)
