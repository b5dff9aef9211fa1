"""The rules the decisions app applies after the decision (see ``sanxiang.core.rulebook``):
service and its deemed date, payment, deferral, the late-payment surcharge, enforcement
through the court, and the agency's answers when the decision is challenged."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanxiang.core.rulebook import Guards, rule

PENALTY_LAW = "《中华人民共和国行政处罚法》"
CIVIL_PROCEDURE = "《中华人民共和国民事诉讼法》"
COMPULSION_LAW = "《中华人民共和国行政强制法》"
RECONSIDERATION_LAW = "《中华人民共和国行政复议法》"
LITIGATION_LAW = "《中华人民共和国行政诉讼法》"

SERVICE_DEEMED = rule(
    "penalty.service.deemed_date",
    statute=CIVIL_PROCEDURE,
    article="第八十七条、第八十九条、第九十条、第九十一条",
    words="受送达人在送达回证上的签收日期为送达日期。……把诉讼文书留在受送达人的住所……"
    "即视为送达。……以送达信息到达受送达人特定系统的日期为送达日期。……邮寄送达的，"
    "以回执上注明的收件日期为送达日期。",
    summary=_(
        "Each service method has its deemed-service date (direct: the day signed for; leaving "
        "the document: that day; electronic: the day it arrives, with the party's consent; "
        "post: the day on the return receipt); every later period counts from it."
    ),
    guards=[Guards.RECORD, Guards.DEADLINE],
    enforced_in=[
        "sanxiang.decisions.deadlines.deemed_service_date",
        "sanxiang.decisions.services.serve_decision",
    ],
)

SERVICE_PUBLIC_NOTICE = rule(
    "penalty.service.public_notice",
    statute=CIVIL_PROCEDURE,
    article="第九十五条",
    words="受送达人下落不明，或者用本节规定的其他方式无法送达的，公告送达。自发出公告之日起，"
    "经过三十日，即视为送达。",
    summary=_(
        "A decision served by public notice is deemed served 30 days after the notice is "
        "published; the payment and remedy periods start only then."
    ),
    guards=[Guards.RECORD, Guards.DEADLINE],
    enforced_in=["sanxiang.decisions.deadlines.deemed_service_date"],
)

SERVICE_ELECTRONIC_CONSENT = rule(
    "penalty.service.electronic_consent",
    statute=PENALTY_LAW,
    article="第六十一条第二款",
    words="当事人同意并签订确认书的，行政机关可以采用传真、电子邮件等方式，将行政处罚决定书等"
    "送达当事人。",
    summary=_(
        "Electronic service needs the party's signed consent; leaving the document needs "
        "the witnesses, public notice the notice itself, each recorded with the service."
    ),
    guards=[Guards.RECORD],
    enforced_in=["sanxiang.decisions.services.serve_decision"],
)

PAYMENT_PERIOD = rule(
    "penalty.payment.period",
    statute=PENALTY_LAW,
    article="第六十七条第三款",
    words="当事人应当自收到行政处罚决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳"
    "罚款。",
    summary=_(
        "A decision with a fine is paid within 15 days of its deemed service; a decision "
        "without a fine has no payment deadline."
    ),
    guards=[Guards.DEADLINE, Guards.WARNING],
    enforced_in=[
        "sanxiang.decisions.deadlines.payment_schedule",
        "sanxiang.decisions.deadlines.payment_deadline",
    ],
)

PAYMENT_DEFERRAL = rule(
    "penalty.payment.deferral",
    statute=PENALTY_LAW,
    article="第六十六条第二款",
    words="当事人确有经济困难，需要延期或者分期缴纳罚款的，经当事人申请和行政机关批准，可以"
    "暂缓或者分期缴纳。",
    summary=_(
        "Deferral or instalments only with the agency head's approval, recorded with the "
        "new date or dates, which then are the payment deadline."
    ),
    guards=[Guards.RECORD, Guards.DEADLINE],
    enforced_in=[
        "sanxiang.decisions.services.arrange_payment",
        "sanxiang.decisions.deadlines.payment_schedule",
    ],
)

PAYMENT_SURCHARGE = rule(
    "penalty.payment.surcharge",
    statute=PENALTY_LAW,
    article="第七十二条第一款第一项",
    words="到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额。",
    summary=_(
        "After the payment deadline, 3 percent of the fine is added for each day unpaid, "
        "never more than the fine itself; shown on the decision and in the API."
    ),
    guards=[Guards.RECORD, Guards.WARNING],
    enforced_in=["sanxiang.decisions.deadlines.surcharge"],
)

ENFORCEMENT_DEMAND = rule(
    "enforcement.demand",
    statute=COMPULSION_LAW,
    article="第五十四条",
    words="行政机关申请人民法院强制执行前，应当催告当事人履行义务。催告书送达十日后当事人仍未"
    "履行义务的，行政机关可以向所在地有管辖权的人民法院申请强制执行。",
    summary=_(
        "Before applying to the court the agency serves a formal demand; the application "
        "waits until 10 working days after it (第六十九条: ten days are working days)."
    ),
    guards=[Guards.DEADLINE, Guards.RECORD],
    enforced_in=[
        "sanxiang.decisions.deadlines.demand_deadline",
        "sanxiang.decisions.services.record_execution",
    ],
)

ENFORCEMENT_COURT_WINDOW = rule(
    "enforcement.court_window",
    statute=COMPULSION_LAW,
    article="第五十三条",
    words="当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行行政决定的，没有行政强制"
    "执行权的行政机关可以自期限届满之日起三个月内，依照本章规定申请人民法院强制执行。",
    summary=_(
        "The court is applied to within 3 months after the reconsideration (60 days) and "
        "lawsuit (6 months) periods, counted from deemed service, have ended; not before, "
        "not after."
    ),
    guards=[Guards.DEADLINE, Guards.RECORD, Guards.WARNING],
    enforced_in=[
        "sanxiang.decisions.deadlines.court_window",
        "sanxiang.decisions.services.record_execution",
    ],
)

RECONSIDERATION_ANSWER = rule(
    "remedy.reconsideration_answer",
    statute=RECONSIDERATION_LAW,
    article="第四十八条",
    words="被申请人应当自收到申请书副本或者申请笔录复印件之日起十日内，提出书面答复，并提交"
    "作出行政行为的证据、依据和其他有关材料。",
    summary=_(
        "When a decision is challenged by reconsideration, the agency answers within 10 "
        "working days of receiving the copy of the application (第八十八条: working days)."
    ),
    guards=[Guards.DEADLINE, Guards.WARNING],
    enforced_in=["sanxiang.decisions.deadlines.answer_deadline"],
)

LITIGATION_ANSWER = rule(
    "remedy.litigation_answer",
    statute=LITIGATION_LAW,
    article="第六十七条",
    words="被告应当在收到起诉状副本之日起十五日内向人民法院提交作出行政行为的证据和所依据的"
    "规范性文件，并提出答辩状。",
    summary=_(
        "When a decision is challenged in court, the agency submits its evidence and "
        "defence within 15 days of receiving the copy of the complaint."
    ),
    guards=[Guards.DEADLINE, Guards.WARNING],
    enforced_in=["sanxiang.decisions.deadlines.answer_deadline"],
)
