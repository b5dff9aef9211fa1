"""Enumerations of the cases app: categories, procedures, stages and transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.choices import PowerCategory

# The one character a case number carries for its category (东丽万新罚〔2026〕12号).
CATEGORY_MARK = {
    PowerCategory.LICENSING: "许",
    PowerCategory.PENALTY: "罚",
    PowerCategory.COERCION: "强",
    PowerCategory.INSPECTION: "检",
    PowerCategory.EXPROPRIATION: "征",
    PowerCategory.BENEFIT: "给",
    PowerCategory.CONFIRMATION: "确",
    PowerCategory.ADJUDICATION: "裁",
    PowerCategory.REWARD: "奖",
    PowerCategory.OTHER: "他",
}


class Procedure(models.TextChoices):
    SUMMARY = "summary", _("Summary procedure")  # 简易程序 (行政处罚法 第五十一条)
    GENERAL = "general", _("General procedure")  # 普通程序
    HEARING = "hearing", _("Hearing procedure")  # 听证程序 (行政处罚法 第六十三条)


class Stage(models.TextChoices):
    """Where a case stands; each stage is the step now in progress."""

    FILED = "filed", _("Filed")  # 立案
    INVESTIGATION = "investigation", _("Investigation")  # 调查取证
    PROPOSAL = "proposal", _("Review and proposed decision")  # 审查/拟决定
    NOTIFICATION = "notification", _("Prior notice")  # 告知 (事先告知, 听证告知)
    DEFENCE = "defence", _("Statement, defence or hearing")  # 陈述申辩 / 听证
    LEGAL_REVIEW = "legal_review", _("Legal review")  # 法制审核
    DECISION = "decision", _("Decision")  # 决定
    SERVICE = "service", _("Service")  # 送达
    EXECUTION = "execution", _("Execution")  # 执行
    CLOSED = "closed", _("Closed")  # 结案
    ARCHIVED = "archived", _("Archived")  # 归档


class Transition(models.TextChoices):
    """A move between stages; the table in ``statemachine.py`` says from where to where."""

    START_INVESTIGATION = "start_investigation", _("Start the investigation")
    CONCLUDE_INVESTIGATION = "conclude_investigation", _("Conclude the investigation")
    DECIDE_ON_THE_SPOT = "decide_on_the_spot", _("Proceed to an on-the-spot decision")
    NOTIFY_PARTY = "notify_party", _("Serve the prior notice")
    OPEN_DEFENCE = "open_defence", _("Record the party's statement or hearing request")
    SUBMIT_FOR_REVIEW = "submit_for_review", _("Submit for legal review")
    RETURN_FOR_REVISION = "return_for_revision", _("Return for revision after review")
    PASS_REVIEW = "pass_review", _("Legal review passed")
    PREPARE_DECISION = "prepare_decision", _("Put to the head for decision")
    MAKE_DECISION = "make_decision", _("Make the decision")
    SERVE_DECISION = "serve_decision", _("Serve the decision")
    CLOSE = "close", _("Close the case")
    TERMINATE = "terminate", _("Terminate the case")
    ARCHIVE = "archive", _("Archive the case file")
    # 行政处罚法 第五十一条: a case outside the summary procedure's limits goes on under the
    # general procedure (before any decision), with the reason.
    CHANGE_PROCEDURE = "change_procedure", _("Move to the general procedure")


class PartyKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", _("Natural person")  # 自然人
    LEGAL_PERSON = "legal_person", _("Legal person")  # 法人
    OTHER_ORGANISATION = "other_organisation", _("Other organisation")  # 其他组织


class PersonalField(models.TextChoices):
    """A party's personal data, kept encrypted and shown masked unless revealed (core.pii)."""

    ID_NUMBER = "id_number", _("ID number")
    PHONE = "phone", _("Telephone")
    ADDRESS = "address", _("Address")


class CaseSource(models.TextChoices):
    PATROL = "patrol", _("Found on patrol")  # 巡查发现
    COMPLAINT = "complaint", _("Complaint or report")  # 投诉举报
    REFERRAL = "referral", _("Referred by another body")  # 移送
    ASSIGNED = "assigned", _("Assigned by a superior")  # 上级交办
    OTHER = "other", _("Other source")


class ActKind(models.TextChoices):
    """Enforcement acts (执法行为) recorded on a case."""

    INSPECTION = "inspection", _("On-site inspection")  # 现场检查/勘验
    INQUIRY = "inquiry", _("Inquiry")  # 询问
    SAMPLING = "sampling", _("Sampling for evidence")  # 抽样取证
    PRESERVATION = "preservation", _("Registration and preservation of evidence")  # 先行登记保存
    SEIZURE = "seizure", _("Sealing or seizure")  # 查封扣押
    DEMOLITION = "demolition", _("Forced demolition")  # 强制拆除
    NOTICE = "notice", _("Notice and statement of defence")  # 告知 / 陈述申辩
    HEARING = "hearing", _("Hearing")  # 听证
    ON_THE_SPOT_PENALTY = "on_the_spot_penalty", _("On-the-spot penalty")  # 当场处罚
    SERVICE = "service", _("Service of documents")  # 送达
    OTHER = "other", _("Other act")


class ServiceMethod(models.TextChoices):
    """How a document was served (送达方式; 行政处罚法 第六十一条 → 民事诉讼法)."""

    DIRECT = "direct", _("Direct service")  # 直接送达
    LEFT = "left", _("Service by leaving the document")  # 留置送达
    POST = "post", _("Service by post")  # 邮寄送达
    PUBLIC_NOTICE = "public_notice", _("Service by public notice")  # 公告送达
    ELECTRONIC = "electronic", _("Electronic service")  # 电子送达 (with written consent)


class ActStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    COMPLETED = "completed", _("Completed")


class DeadlineKind(models.TextChoices):
    """Statutory time limits tracked on a case."""

    DECISION = "decision", _("Decision")
    HEARING_REQUEST = "hearing_request", _("Hearing request")
    STATEMENT = "statement", _("Statement and defence")
    SERVICE = "service", _("Service of the decision")
    PAYMENT = "payment", _("Payment of the fine")
    # After the decision (filled in by the decisions app): 行政强制法 第五十三条、第五十四条;
    # 行政复议法 第四十八条; 行政诉讼法 第六十七条.
    DEMAND = "demand", _("Performance after the formal demand")
    COURT_APPLICATION = "court_application", _("Application to the court for enforcement")
    RECONSIDERATION_ANSWER = "recon_answer", _("Answer to the reconsideration")
    LITIGATION_ANSWER = "suit_answer", _("Defence in the lawsuit")
    SUMMARY_FILING = "summary_filing", _("Filing of the on-the-spot decision")  # 第五十二条 备案


class Responsibility(models.TextChoices):
    """A finding on the party's capacity (行政处罚法 第三十一条), recorded on the case."""

    NOT_FOUND = "", _("No finding on capacity")
    NOT_LIABLE = (
        "not_liable",
        _("Could not recognise or control the conduct at the time (no penalty)"),
    )  # 不能辨认或者不能控制自己行为时有违法行为的，不予行政处罚
    LIMITED = (
        "limited",
        _("Had not fully lost the ability to recognise or control the conduct (may mitigate)"),
    )  # 尚未完全丧失辨认或者控制自己行为能力的，可以从轻或者减轻


class ApprovalKind(models.TextChoices):
    """What the head approves on a case (负责人审批), printed on its approval forms."""

    FILING = "filing", _("Filing approval")  # 立案审批
    CLOSING = "closing", _("Closing approval")  # 结案审批
    EXTENSION = "extension", _("Extension approval")  # 延期审批


class RulesFlag(models.TextChoices):
    """What a case filed before the rules lacks, for the head to complete (legacy data)."""

    VIOLATION_DATE_MISSING = (
        "violation_date_missing",
        _("The date of the violation must be recorded"),
    )  # 需补录违法行为发生日期
    EXTENSION_BASIS_MISSING = (
        "extension_basis_missing",
        _("The provision that allowed the extension must be recorded"),
    )  # 需补录延长办案期限的依据 (行政处罚法 第六十条)


class Mitigation(models.TextChoices):
    """A lighter or reduced penalty (从轻/减轻处罚), recorded on the decision with its reasons."""

    NONE = "", _("No mitigation")
    LIGHTER = "lighter", _("Lighter penalty within the range")  # 从轻处罚
    REDUCED = "reduced", _("Reduced penalty below the range")  # 减轻处罚
