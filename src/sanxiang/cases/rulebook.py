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


# --- Prior notice, statement and hearing (行政处罚法 第四十四条、第四十五条、第六十二条至第六十五条) ---
# Enforced through cases.party_rights (pure functions) by cases.hearings' services, the NOTIFY_PARTY
# guard, decisions.services.make_decision and the review checklist's pre-check.

NOTICE_CONTENT = rule(
    "penalty.notice.content",
    statute=PENALTY_LAW,
    article="第四十四条",
    words="行政机关在作出行政处罚决定之前，应当告知当事人拟作出的行政处罚内容及事实、理由、依据，"
    "并告知当事人依法享有的陈述、申辩、要求听证等权利。",
    summary=_(
        "The prior notice is a record with the proposed penalty (types and amounts), facts, "
        "reasons, legal basis and the rights that apply; the case cannot be notified without "
        "it, and the notice documents print it."
    ),
    guards=[Guards.TRANSITION, Guards.DOCUMENT, Guards.RECORD],
    enforced_in=[
        "sanxiang.cases.party_rights.notice_refusals",
        "sanxiang.cases.party_rights.notice_guard",
        "sanxiang.cases.hearings.serve_prior_notice",
    ],
)

STATEMENT_HEARD = rule(
    "penalty.statement.heard",
    statute=PENALTY_LAW,
    article="第六十二条",
    words="行政机关及其执法人员在作出行政处罚决定之前，未依照本法第四十四条、第四十五条的规定向"
    "当事人告知拟作出的行政处罚内容及事实、理由、依据，或者拒绝听取当事人的陈述、申辩，不得作出"
    "行政处罚决定；当事人明确放弃陈述或者申辩权利的除外。",
    summary=_(
        "No decision while the statement period told in the notice runs, unless the party's "
        "statement or written waiver is recorded; no decision without a prior notice."
    ),
    guards=[Guards.TRANSITION, Guards.DEADLINE],
    enforced_in=[
        "sanxiang.cases.party_rights.decision_refusals",
        "sanxiang.cases.party_rights.decision_guard",
        "sanxiang.cases.party_rights.statement_period",
        "sanxiang.cases.deadlines.deadlines_for",
    ],
    settings=[
        Setting(
            name="CASES_STATEMENT_WORKING_DAYS",
            default=5,
            bounds="法律未规定期限；由本机关设定（1至15个工作日），告知书载明的期限即系统执行的期限",
        )
    ],
)

AFTER_NOTICE = rule(
    "penalty.statement.after_notice",
    statute=PENALTY_LAW,
    article="第六十二条",
    words="行政机关及其执法人员在作出行政处罚决定之前，未依照本法第四十四条、第四十五条的规定向"
    "当事人告知拟作出的行政处罚内容及事实、理由、依据……不得作出行政处罚决定",
    summary=_("A decision cannot be dated before the prior notice was served."),
    guards=[Guards.TRANSITION],
    enforced_in=["sanxiang.cases.party_rights.decision_refusals"],
)

NO_HEAVIER = rule(
    "penalty.statement.no_heavier",
    statute=PENALTY_LAW,
    article="第四十五条",
    words="当事人有权进行陈述和申辩。行政机关必须充分听取当事人的意见，对当事人提出的事实、理由和"
    "证据，应当进行复核；当事人提出的事实、理由或者证据成立的，行政机关应当采纳。行政机关不得因"
    "当事人陈述、申辩而给予更重的处罚。",
    summary=_(
        "The decision may not be heavier than the penalty the prior notice proposed (other "
        "penalty types, a larger fine or confiscation): a heavier one needs a new notice."
    ),
    guards=[Guards.TRANSITION],
    enforced_in=["sanxiang.cases.party_rights.decision_refusals"],
)

HEARING_RIGHT = rule(
    "penalty.hearing.right",
    statute=PENALTY_LAW,
    article="第六十三条",
    words="行政机关拟作出下列行政处罚决定，应当告知当事人有要求听证的权利，当事人要求听证的，行政"
    "机关应当组织听证：（一）较大数额罚款；（二）没收较大数额违法所得、没收较大价值非法财物；"
    "（三）降低资质等级、吊销许可证件；（四）责令停产停业、责令关闭、限制从业；（五）其他较重的"
    "行政处罚；（六）法律、法规、规章规定的其他情形。",
    summary=_(
        "When the proposed penalty is one of these, the prior notice tells the party of the "
        "right to a hearing; 较大数额 and 较大价值 are set locally, with their source."
    ),
    guards=[Guards.RECORD, Guards.DOCUMENT],
    enforced_in=[
        "sanxiang.cases.party_rights.hearing_grounds",
        "sanxiang.cases.hearings.serve_prior_notice",
    ],
    settings=[
        Setting("CASES_HEARING_FINE_PERSON", 10000, "较大数额罚款（自然人，元），由地方规定"),
        Setting("CASES_HEARING_FINE_ORGANISATION", 100000, "较大数额罚款（单位，元），由地方规定"),
        Setting(
            "CASES_HEARING_CONFISCATION_PERSON", 10000, "较大数额没收（自然人，元），由地方规定"
        ),
        Setting(
            "CASES_HEARING_CONFISCATION_ORGANISATION",
            100000,
            "较大数额没收（单位，元），由地方规定",
        ),
        Setting("CASES_HEARING_THRESHOLDS_SOURCE", "", "须注明上述数额所依据的地方规定"),
    ],
)

HEARING_REQUEST_PERIOD = rule(
    "penalty.hearing.request_period",
    statute=PENALTY_LAW,
    article="第六十四条第一项",
    words="（一）当事人要求听证的，应当在行政机关告知后五日内提出；（第八十五条：本法中“二日”“三日”"
    "“五日”“七日”的规定是指工作日，不含法定节假日。）",
    summary=_(
        "Where the party has a right to a hearing, no decision within the 5 working days after "
        "the notice unless the party waived it in writing or asked for a hearing; a request "
        "within the period is timely."
    ),
    guards=[Guards.DEADLINE, Guards.TRANSITION],
    enforced_in=[
        "sanxiang.cases.party_rights.decision_refusals",
        "sanxiang.cases.party_rights.hearing_request_period",
    ],
)

HEARING_NOTICE = rule(
    "penalty.hearing.seven_days_notice",
    statute=PENALTY_LAW,
    article="第六十四条第二项",
    words="（二）行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、地点；",
    summary=_(
        "A hearing is scheduled with its time and place, and the party is notified at least 7 "
        "working days before it."
    ),
    guards=[Guards.RECORD],
    enforced_in=[
        "sanxiang.cases.hearings.schedule_hearing",
        "sanxiang.cases.party_rights.earliest_hearing_day",
    ],
)

HEARING_PRESIDING = rule(
    "penalty.hearing.presiding",
    statute=PENALTY_LAW,
    article="第六十四条第四项",
    words="（四）听证由行政机关指定的非本案调查人员主持；当事人认为主持人与本案有直接利害关系的，"
    "有权申请回避；",
    summary=_("The hearing is presided over by someone who did not investigate the case."),
    guards=[Guards.RECORD],
    enforced_in=["sanxiang.cases.hearings.schedule_hearing"],
)

HEARING_HELD = rule(
    "penalty.hearing.held",
    statute=PENALTY_LAW,
    article="第六十五条",
    words="听证结束后，行政机关应当根据听证笔录，依照本法第五十七条的规定，作出决定。（第六十三条："
    "当事人要求听证的，行政机关应当组织听证。）",
    summary=_(
        "After a timely hearing request, no decision until the hearing is held and its record "
        "(听证笔录) is entered; the decision is made on or after the hearing day."
    ),
    guards=[Guards.TRANSITION, Guards.RECORD],
    enforced_in=[
        "sanxiang.cases.party_rights.decision_refusals",
        "sanxiang.cases.hearings.record_hearing",
    ],
)
