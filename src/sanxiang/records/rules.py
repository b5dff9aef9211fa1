"""The mandatory-recording rule (R2), registered as a guard on completing an act.

查封扣押, 强制拆除 and the other acts the list marks mandatory cannot be completed without
a full video recording attached (国办发〔2018〕118号; 行政处罚法 第四十七条).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from sanxiang.cases.models import Act
from sanxiang.cases.statemachine import register_act_guard
from sanxiang.records.choices import Requirement
from sanxiang.records.models import Recording, RecordingRule


def rule_for(act: Act) -> RecordingRule | None:
    """The rule that applies to ``act`` (a method-specific rule wins), if any."""
    rules = RecordingRule.objects.filter(act_kind=act.kind, is_active=True).filter(
        Q(service_method="") | Q(service_method=act.service_method)
    )
    return max(rules, key=lambda r: bool(r.service_method), default=None)


@register_act_guard
def mandatory_recording(act: Act) -> str | None:
    rule = rule_for(act)
    if rule is None or rule.requirement != Requirement.MANDATORY:
        return None
    full_video = Recording.objects.filter(act=act, is_full=True, media_type__startswith="video/")
    if full_video.exists():
        return None
    return _(
        "%(act)s must be recorded in full on video (%(basis)s): upload the complete recording "
        "of this act, marked as a full recording, before completing it."
    ) % {"act": act.get_kind_display(), "basis": rule.basis}
