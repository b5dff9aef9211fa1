"""Work items from records: for supervisors, acts recommended for recording that have none."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from sanxiang.core import worklist
from sanxiang.core.roles import Role
from sanxiang.records.selectors import acts_missing_recommended_recordings


@worklist.register
def missing_recordings(user: Any) -> Iterable[worklist.WorkItem]:
    if not user.is_authenticated or not user.has_role(Role.SUPERVISOR):
        return []
    acts = acts_missing_recommended_recordings(user=user).order_by("-started_at")[:50]
    return [
        worklist.WorkItem(
            title=_("%(number)s: %(act)s on %(day)s has no audio/video recording")
            % {
                "number": a.case.number,
                "act": a.get_kind_display(),
                "day": f"{a.started_at:%Y-%m-%d}",
            },
            url=a.get_absolute_url(),
            urgency=worklist.Urgency.DUE_SOON,
            basis="国办发〔2018〕118号",
        )
        for a in acts
    ]
