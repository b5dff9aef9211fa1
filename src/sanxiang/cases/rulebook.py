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

LIMITATION = rule(
    "penalty.limitation",
    statute=PENALTY_LAW,
    article="第三十六条",
    words="违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害"
    "后果的，上述期限延长至五年。法律另有规定的除外。前款规定的期限，从违法行为发生之日起计算；"
    "违法行为有连续或者继续状态的，从行为终了之日起计算。",
    summary=_(
        "The date of the violation (and, for a continuing or repeated act, the day it ended) "
        "is recorded at filing. The day of filing counts as the day the violation was found: "
        "a case is not filed, and no penalty is decided, when the filing date is later than two "
        "years (five years where the case records why the extension applies) after the day the "
        "violation was committed or, for a continuing act, ended. A continuing act not yet "
        "ended at filing is within the period."
    ),
    guards=[Guards.TRANSITION, Guards.RECORD],
    enforced_in=[
        "sanxiang.cases.services.open_case",
        "sanxiang.cases.limits.decision_refusals",
        "sanxiang.cases.limits.decision_guard",
    ],
)

MINORS = rule(
    "penalty.minors",
    statute=PENALTY_LAW,
    article="第三十条",
    words="不满十四周岁的未成年人有违法行为的，不予行政处罚，责令监护人加以管教；已满十四周岁"
    "不满十八周岁的未成年人有违法行为的，应当从轻或者减轻行政处罚。",
    summary=_(
        "The age of each natural-person party on the day the violation was committed is read "
        "from the resident ID number. Under 14: no penalty decision is made (the case can only "
        "be terminated, ordering the guardian to discipline the minor). From 14 to under 18: "
        "the handler, reviewer and head are shown the duty, and the decision must record a "
        "lighter or reduced penalty with its reasons."
    ),
    guards=[Guards.TRANSITION, Guards.WARNING],
    enforced_in=[
        "sanxiang.cases.limits.decision_refusals",
        "sanxiang.cases.limits.decision_guard",
    ],
)

INCAPACITY = rule(
    "penalty.incapacity",
    statute=PENALTY_LAW,
    article="第三十一条",
    words="精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为的，不予行政处罚，但应当"
    "责令其监护人严加看管和治疗。间歇性精神病人在精神正常时有违法行为的，应当给予行政处罚。尚未"
    "完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人有违法行为的，可以从轻或者减轻行政处罚。",
    summary=_(
        "A finding on the party's capacity is recorded on the case with its basis. Where the "
        "party could not recognise or control the conduct, no penalty decision is made; where "
        "the ability was not fully lost, the possibility of a lighter or reduced penalty is "
        "shown to the handler, reviewer and head."
    ),
    guards=[Guards.TRANSITION, Guards.WARNING],
    enforced_in=[
        "sanxiang.cases.limits.decision_refusals",
        "sanxiang.cases.limits.decision_guard",
    ],
)

PARTY_IDENTITY = rule(
    "penalty.party_identity",
    statute=PENALTY_LAW,
    article="第四十条",
    words="公民、法人或者其他组织违反行政管理秩序的行为，依法应当给予行政处罚的，行政机关必须"
    "查明事实；违法事实不清、证据不足的，不得给予行政处罚。",
    summary=_(
        "A party entered with an ID number or credit code already on record under another "
        "name is not attached to that record silently: the filing stops, names the name on "
        "record, and goes on only when the officer confirms it is the same person."
    ),
    guards=[Guards.RECORD],
    enforced_in=["sanxiang.cases.services._party"],
)

DECISION_PERIOD = rule(
    "penalty.decision_period",
    statute=PENALTY_LAW,
    article="第六十条",
    words="行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定。法律、法规、规章另有"
    "规定的，从其规定。",
    summary=_(
        "The decision is due 90 days after filing. The head may extend the period only by "
        "citing the law, regulation or rule that allows it and the number of days it allows; "
        "the extensions of a case together may not go beyond that number, and the head's "
        "approval is recorded and printed."
    ),
    guards=[Guards.DEADLINE],
    enforced_in=["sanxiang.cases.services.extend_deadline", "sanxiang.cases.deadlines._decision"],
)
