"""The "legal review and decision" section of the case page: where the case stands in
review (法制审核) and its decisions, with the next step as a link."""

from __future__ import annotations

from typing import Any

from sanxiang.cases import sections
from sanxiang.cases.choices import Stage
from sanxiang.cases.models import Case
from sanxiang.decisions import permissions
from sanxiang.decisions.models import Decision, JudicialTransfer
from sanxiang.review.models import Review


@sections.register("case")
def review_and_decision(request: Any, case: Case) -> sections.Section | None:
    applicability = getattr(case, "review_applicability", None)
    reviews = list(Review.objects.filter(case=case).order_by("-version")[:1])
    decisions = list(Decision.objects.filter(case=case).order_by("-decided_on", "-pk"))
    if applicability is None and not reviews and not decisions and case.stage in (
        Stage.FILED, Stage.INVESTIGATION,
    ):  # fmt: skip
        return None
    return sections.Section(
        "decisions/_case_section.html",
        {
            "applicability": applicability,
            "review": reviews[0] if reviews else None,
            "decisions": decisions,
            "can_decide": case.stage == Stage.DECISION
            and permissions.can_decide_case(request.user, case),
        },
    )


@sections.register("case")
def judicial_transfers(request: Any, case: Case) -> sections.Section | None:
    """Transfers to the judicial organs (移送司法机关), with the link to record one."""
    transfers = list(JudicialTransfer.objects.filter(case=case))
    can = permissions.can_transfer(request.user, case)
    if not transfers and not can:
        return None
    return sections.Section(
        "decisions/_transfer_section.html", {"transfers": transfers, "can_transfer": can}
    )
