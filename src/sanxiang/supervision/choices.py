"""Enumerations of supervision: kinds and levels of warnings (预警) and their trail."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WarningLevel(models.TextChoices):
    # UI.md: amber for approaching, red for overdue or a breach; always with a word.
    YELLOW = "yellow", _("Approaching")
    RED = "red", _("Overdue or breached")


class WarningStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


class WarningKind(models.TextChoices):
    CASE_DEADLINE = "case_deadline", _("Case time limit")
    REVIEWER_RATIO = "reviewer_ratio", _("Legal reviewers under 5% of officers")
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
