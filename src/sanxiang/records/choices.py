"""Enumerations of the records app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Requirement(models.TextChoices):
    """How strictly an act must be recorded on audio/video (R2)."""

    MANDATORY = "mandatory", _("Full recording required")  # 全过程音像记录
    RECOMMENDED = "recommended", _("Recording recommended")  # 根据实际情况进行音像记录


class UploadState(models.TextChoices):
    OPEN = "open", _("Uploading")
    COMPLETE = "complete", _("Complete")


class AccessAction(models.TextChoices):
    """What a reader did with a case's records (调阅)."""

    VIEW = "view", _("Viewed")
    PLAY = "play", _("Played")
    DOWNLOAD = "download", _("Downloaded")
    EXPORT = "export", _("Exported the case file")


class DocumentType(models.TextChoices):
    """Enforcement documents (执法文书) made from templates (R1)."""

    FILING_APPROVAL = "filing_approval", _("Case filing approval form")  # 立案审批表
    INSPECTION_RECORD = "inspection_record", _("On-site inspection record")  # 现场检查笔录
    INQUIRY_RECORD = "inquiry_record", _("Inquiry record")  # 询问笔录
    RECTIFICATION_ORDER = "rectification_order", _("Order to correct")  # 责令改正通知书
    SEIZURE_DECISION = "seizure_decision", _("Sealing or seizure decision")  # 查封扣押决定书
    PENALTY_NOTICE = "penalty_notice", _("Prior notice of penalty")  # 行政处罚事先告知书
    HEARING_NOTICE = "hearing_notice", _("Notice of the right to a hearing")  # 听证告知书
    HEARING_RECORD = "hearing_record", _("Hearing record")  # 听证笔录
    PENALTY_DECISION = "penalty_decision", _("Penalty decision")  # 行政处罚决定书
    SUMMARY_DECISION = "summary_decision", _("On-the-spot penalty decision")  # 当场行政处罚决定书
    # Decisions other than penalties (许可, 强制, 确认 …): 行政执法决定书.
    ENFORCEMENT_DECISION = "enforcement_decision", _("Enforcement decision")
    SERVICE_RECEIPT = "service_receipt", _("Proof of service")  # 送达回证
    CLOSING_APPROVAL = "closing_approval", _("Case closing approval form")  # 结案审批表
    # 延期审批表: the provision, the days it allows and the head's approval (第六十条).
    EXTENSION_APPROVAL = "extension_approval", _("Time limit extension approval form")
    EVIDENCE_LIST = "evidence_list", _("List of evidence")  # 证据清单


# Made with the decision by ``decisions.services.make_decision`` (numbered as the decision),
# never on their own: a decision document without its decision would be a decision nobody made.
DECISION_DOCUMENTS = frozenset(
    {
        DocumentType.PENALTY_DECISION,
        DocumentType.SUMMARY_DECISION,
        DocumentType.ENFORCEMENT_DECISION,
    }
)


# Made only in their step (民事诉讼法 第八十七条 for the 送达回证): the step's name, stamped on
# the document by the service that takes the step; the case file counts only those.
STEP_DOCUMENTS = {DocumentType.SERVICE_RECEIPT: "decision.served"}


class FilingStatus(models.TextChoices):
    """Whether a template version may be used: the standard set, or an adaptation filed
    (备案) with the district justice bureau (R1)."""

    STANDARD = "standard", _("Standard template")
    UNFILED = "unfiled", _("Adapted, not yet filed")
    FILED = "filed", _("Adapted and filed")


class EvidenceKind(models.TextChoices):
    """Other evidence (其他证据) besides documents and recordings."""

    PHOTO = "photo", _("Photograph")  # 照片
    RECEIVED = "received", _("Document received")  # 书证 (provided by the party or others)
    OTHER = "other", _("Other evidence")
