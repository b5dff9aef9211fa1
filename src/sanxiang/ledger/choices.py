"""Enumerations of the ledger."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FaultKind(models.TextChoices):
    """What ``sanxiang ledger verify`` can find wrong."""

    ENTRY_ALTERED = "entry-altered", _("entry altered")
    ENTRY_MISSING = "entry-missing", _("entry missing")
    ENTRY_REORDERED = "entry-reordered", _("entry out of place")
    ENTRY_INSERTED = "entry-inserted", _("entry inserted")
    NODE_ALTERED = "node-altered", _("tree node altered")
    NODE_MISSING = "node-missing", _("tree node missing")
    HEAD_MISMATCH = "head-mismatch", _("signed head does not match the log")
    HEAD_SIGNATURE = "head-signature", _("signed head has a bad signature")
    HEAD_KEY_UNKNOWN = "head-key-unknown", _("signed head by an unknown key")
    HEAD_KEY_NOT_VALID = "head-key-not-valid", _("signed head outside its key's validity")
    CHECKPOINT_SIGNATURE = "checkpoint-signature", _("checkpoint with a bad signature")
    KEY_UNRECORDED = "key-unrecorded", _("signing key not recorded in the ledger")
    STATE_MISMATCH = "state-mismatch", _("log state does not match the tree")
    FILE_ALTERED = "file-altered", _("file altered")
    FILE_MISSING = "file-missing", _("file missing")
