"""Enumerations of the review app: criteria, materials, checklist items, opinions, states."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Its home is cases (the prior notice proposes a penalty); re-exported for review and later apps.
from sanxiang.cases.choices import PenaltyType as PenaltyType


class Criterion(models.TextChoices):
    """The plan's criteria (实施方案 二(三)2(1)), asked of the handler as questions."""

    PUBLIC_INTEREST = "public_interest", _("Does it involve a major public interest?")
    SOCIAL_IMPACT = "social_impact", _("May it have a major social impact or cause social risk?")
    MAJOR_RIGHTS = (
        "major_rights",
        _("Does it directly concern major rights of the party or a third party?"),
    )
    AFTER_HEARING = "after_hearing", _("Is the decision made after a hearing?")
    COMPLEX = (
        "complex",
        _("Is the case difficult or complex, or does it involve several legal relationships?"),
    )


class ReasonCode(models.TextChoices):
    """Why review is (or is not) required: the rule that decided it."""

    GENERAL_PENALTY = "general_penalty", _("General-procedure penalty")
    HEARING = "hearing", _("Decision after a hearing")
    LICENCE_HEARING = "licence_hearing", _("Licence subject to a hearing")
    CATALOGUE = "catalogue", _("In the agency's review catalogue")
    CRITERION = "criterion", _("Meets a criterion of the plan")
    NONE = "none", _("No rule requires review")


class MaterialKind(models.TextChoices):
    """Materials submitted for review (送审材料)."""

    REQUEST = "request", _("Review request and report")  # 送审报告/审查报告
    INVESTIGATION_REPORT = "investigation_report", _("Investigation closing report")  # 调查终结报告
    PROPOSED_DECISION = "proposed_decision", _("Draft decision")  # 决定书文稿
    EVIDENCE_LIST = "evidence_list", _("Evidence list and main evidence")  # 证据清单
    DEFENCE = "defence", _("Party's statement and defence")  # 陈述申辩材料
    HEARING_RECORD = "hearing_record", _("Hearing record and report")  # 听证笔录/报告
    DISCRETION = "discretion", _("Discretion reasoning")  # 裁量说明
    LEGAL_BASIS = "legal_basis", _("Legal basis")  # 法律依据
    EXPERT_REPORT = "expert_report", _("Expert, appraisal or assessment report")
    OTHER = "other", _("Other material")


class ChecklistItem(models.TextChoices):
    """The statutory review content (实施方案 二(三)2(2); domain notes §2.2)."""

    AGENCY = "agency", _("The enforcement body is lawful")
    OFFICERS = "officers", _("The officers are qualified")
    PROCEDURE = "procedure", _("The procedure is lawful")
    FACTS = "facts", _("The facts are clear and the evidence lawful and sufficient")
    LAW = "law", _("The law is applied correctly and discretion is appropriate")
    POWERS = "powers", _("The decision is within the agency's powers")
    DOCUMENTS = "documents", _("The documents are complete and standard")
    CRIME = "crime", _("No suspected crime needing transfer to the judicial organs")


class ItemResult(models.TextChoices):
    UNMARKED = "", _("Not yet marked")
    PASS = "pass", _("Passes")
    PROBLEM = "problem", _("Has a problem")
    NOT_APPLICABLE = "na", _("Not applicable")


class OpinionKind(models.TextChoices):
    """The review opinion (法制审核意见)."""

    AGREE = "agree", _("Agree")  # 同意
    REVISE = "revise", _("Suggest revision")  # 建议修改
    DISAGREE = "disagree", _("Disagree")  # 不同意
    SUPPLEMENT = "supplement", _("Return for supplementary materials")  # 退回补充材料


class ReviewStatus(models.TextChoices):
    """Where one submission (a version) of a case's review stands."""

    PENDING = "pending", _("Under review")
    PASSED = "passed", _("Passed review")
    RETURNED = "returned", _("Returned")
    DISPUTED = "disputed", _("Disagreement under consultation")
    ESCALATED = "escalated", _("Sent to the head")
    SETTLED_PASS = "settled_pass", _("Settled by the head: may proceed")
    SETTLED_REVISE = "settled_revise", _("Settled by the head: to be revised")
    SUPERSEDED = "superseded", _("Superseded by a revised submission")


class Settlement(models.TextChoices):
    """The head's settlement of a disagreement (负责人处理)."""

    FOR_HANDLER = "for_handler", _("The handling unit's view is adopted: proceed to decision")
    FOR_REVIEWER = "for_reviewer", _("The review opinion is upheld: revise")
