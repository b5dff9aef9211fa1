"""Enumerations of supervision: kinds and levels of warnings (预警) and their trail."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WarningLevel(models.TextChoices):
    # Amber for approaching, red for overdue or a breach; always with a word.
    YELLOW = "yellow", _("Approaching")
    RED = "red", _("Overdue or breached")


class WarningStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


class WarningKind(models.TextChoices):
    CASE_DEADLINE = "case_deadline", _("Case time limit")
    REVIEWER_RATIO = "reviewer_ratio", _("Legal reviewers under 5 percent of officers")
    CREDENTIAL_EXPIRING = "credential_expiring", _("Credential expiring")
    ACT_WITHOUT_CREDENTIAL = (
        "act_without_credential",
        _("Act by an officer without a valid credential"),
    )
    MISSING_RECORDING = "missing_recording", _("Recommended recording missing")
    REPEATED_PARTY = "repeated_party", _("The same party again and again")
    OFFICER_OUTLIER = "officer_outlier", _("An officer far above peers")
    CLOSED_FAST = "closed_fast", _("Case closed unusually fast")


class EventKind(models.TextChoices):
    RAISED = "raised", _("Raised")
    ESCALATED = "escalated", _("Escalated to red")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    URGED = "urged", _("Urged (督办)")
    RESOLVED = "resolved", _("Resolved")
    CLEARED = "cleared", _("Cleared: the condition no longer holds")
    REOPENED = "reopened", _("Reopened: the condition holds again")


class EvaluationBlock(models.TextChoices):
    """Blocks of a case-file evaluation template (domain-notes §4)."""

    VETO = "veto", _("Veto items")  # 否决项
    SUBJECT = "subject", _("Lawful agency and officers")  # 主体合法
    FACTS = "facts", _("Facts clear, evidence sufficient")  # 事实清楚、证据充分
    LAW = "law", _("Law applied correctly, discretion appropriate")  # 适用法律、裁量适当
    PROCEDURE = "procedure", _("Lawful procedure and time limits")  # 程序合法
    DOCUMENTS = "documents", _("Documents complete and standard")  # 文书规范
    ARCHIVE = "archive", _("Filing and archiving")  # 立卷归档


class AutoCheck(models.TextChoices):
    """Checks the platform can make from the record before the evaluator reads the file."""

    NONE = "", _("None: the evaluator judges")
    TWO_OFFICERS = "two_officers", _("At least two officers on every act")
    CREDENTIALS_VALID = "credentials_valid", _("Every acting officer held a valid credential")
    DECIDED_IN_TIME = "decided_in_time", _("Decided within the statutory period")
    RECORDINGS = "recordings", _("Mandatory and recommended recordings present")
    ARCHIVED = "archived", _("The case file is archived")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    SAMPLED = "sampled", _("Cases drawn; being evaluated")
    FINISHED = "finished", _("Finished")


class Grade(models.TextChoices):
    # Thresholds [L] (domain-notes §4): ≥90 优秀, 75–89 良好, 60–74 合格, else 不合格.
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class EvaluationStatus(models.TextChoices):
    PENDING = "pending", _("Not yet scored")
    SCORED = "scored", _("Scored")
    RECTIFYING = "rectifying", _("Rectification required")
    RECTIFIED = "rectified", _("Rectified")


class ReportStatus(models.TextChoices):
    """Where an annual statistics report (行政执法统计年报) stands."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class OverrideKind(models.TextChoices):
    """What a change to a published report (with a reason) touched."""

    REGENERATE = "regenerate", _("Figures regenerated from case data")
    NARRATIVE = "narrative", _("Narrative changed")
    MANUAL = "manual", _("Manual figure changed")
