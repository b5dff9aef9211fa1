"""The "progress look-up" section of the case page: give the party a look-up code (P5)."""

from __future__ import annotations

from typing import Any

from sanxiang.cases import sections
from sanxiang.cases.models import Case
from sanxiang.publicity import permissions
from sanxiang.publicity.models import ProgressCode


@sections.register("case")
def progress_code(request: Any, case: Case) -> sections.Section | None:
    if not permissions.can_issue_progress_code(request.user, case):
        return None
    issued = ProgressCode.objects.filter(case=case).first()
    return sections.Section("publicity/_case_section.html", {"case": case, "issued": issued})
