"""The penalty-case rules of 行政处罚法 the cases app applies (see ``sanxiang.core.rulebook``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanxiang.core.rulebook import Guards, Setting, rule

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

# --- The summary procedure (简易程序): 第五十一条、第五十二条 ---------------------------------

SUMMARY_SCOPE = rule(
    "penalty.summary.scope",
    statute=PENALTY_LAW,
    article="第五十一条",
    words="违法事实确凿并有法定依据，对公民处以二百元以下、对法人或者其他组织处以三千元以下"
    "罚款或者警告的行政处罚的，可以当场作出行政处罚决定。法律另有规定的，从其规定。",
    summary=_(
        "An on-the-spot decision may only give a warning and/or a fine up to 200 yuan for a "
        "citizen or 3,000 yuan for an organisation; anything else goes through the general "
        "procedure (the case can be moved to it before the decision)."
    ),
    guards=[Guards.TRANSITION],
    enforced_in=[
        "sanxiang.cases.procedure.summary_refusals",
        "sanxiang.decisions.services.make_decision",
        "sanxiang.cases.services.change_procedure",
    ],
)

SUMMARY_LAW_OVERRIDE = rule(
    "penalty.summary.law_override",
    statute=PENALTY_LAW,
    article="第五十一条",
    words="法律另有规定的，从其规定。",
    summary=_(
        "A power item may carry higher on-the-spot limits only together with the law (法律) "
        "that sets them, cited by name and article."
    ),
    guards=[Guards.RECORD],
    enforced_in=[
        "sanxiang.cases.procedure.override_refusals",
        "sanxiang.cases.services.set_summary_limit",
    ],
)

SUMMARY_OFFICERS_DECIDE = rule(
    "penalty.summary.officers_decide",
    statute=PENALTY_LAW,
    article="第五十二条",
    words="执法人员当场作出行政处罚决定的，应当向当事人出示执法证件，填写预定格式、编有号码的"
    "行政处罚决定书，并当场交付当事人。",
    summary=_(
        "In the summary procedure the case's handling officers, with credentials valid that "
        "day, decide on the spot (the head may too); the general procedure stays with the head."
    ),
    guards=[Guards.TRANSITION],
    enforced_in=[
        "sanxiang.cases.permissions.can_take",
        "sanxiang.decisions.permissions.can_decide_case",
    ],
)

SUMMARY_DECISION_FORM = rule(
    "penalty.summary.decision_form",
    statute=PENALTY_LAW,
    article="第五十二条",
    words="前款规定的行政处罚决定书应当载明当事人的违法行为，行政处罚的种类和依据、罚款数额、"
    "时间、地点，申请行政复议、提起行政诉讼的途径和期限以及行政机关名称，并由执法人员签名"
    "或者盖章。",
    summary=_(
        "The on-the-spot decision document states the violation, the penalty types and basis, "
        "the fine, the time and place, the remedies and their periods, the agency, and the "
        "officers with their credential numbers, for their signatures."
    ),
    guards=[Guards.DOCUMENT],
    enforced_in=["sanxiang.decisions.services.summary_decision_fields"],
)

SUMMARY_FILING = rule(
    "penalty.summary.filing",
    statute=PENALTY_LAW,
    article="第五十二条",
    words="执法人员当场作出的行政处罚决定，应当报所属行政机关备案。",
    summary=_(
        "An on-the-spot decision is filed with the agency (备案) within the period the agency "
        "sets; the head records the filing, and the work list warns before it runs out."
    ),
    guards=[Guards.DEADLINE, Guards.RECORD],
    enforced_in=[
        "sanxiang.cases.deadlines.summary_filing_deadline",
        "sanxiang.cases.services.record_summary_filing",
    ],
    settings=[
        Setting(
            "CASES_SUMMARY_FILING_WORKING_DAYS",
            5,
            "1至15个工作日（法律未规定期限，由本机关设定）",
        )
    ],
)

RECONSIDERATION_FIRST = rule(
    "penalty.summary.reconsideration_first",
    statute="《中华人民共和国行政复议法》",
    article="第二十三条",
    words="有下列情形之一的，申请人应当先向行政复议机关申请行政复议，对行政复议决定不服的，"
    "可以再依法向人民法院提起行政诉讼：（一）对当场作出的行政处罚决定不服；……"
    "对前款第一项至第四项规定的情形，行政机关在作出行政行为时应当告知公民、法人或者其他组织"
    "先向行政复议机关申请行政复议。",
    summary=_(
        "The on-the-spot decision tells the party to apply for reconsideration first, and only "
        "then to sue; it offers no direct lawsuit (documents and portal alike)."
    ),
    guards=[Guards.DOCUMENT],
    enforced_in=[
        "sanxiang.records.docx_standard.build",
        "sanxiang.publicity.content.original_text",
    ],
)
