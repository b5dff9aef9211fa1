"""Builders for review tests: a case walked to prior notice, a full submission, reviewers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sanxiang.agencies.choices import ReviewerKind
from sanxiang.agencies.models import LegalReviewer
from sanxiang.cases import services as cases
from sanxiang.cases.choices import Transition
from sanxiang.cases.tests.factories import hear, serve_notice
from sanxiang.review import services
from sanxiang.review.choices import ChecklistItem, Criterion, ItemResult, MaterialKind, PenaltyType

NO = {c.value: False for c in Criterion}
TO_NOTICE = [Transition.START_INVESTIGATION, Transition.CONCLUDE_INVESTIGATION,
             Transition.NOTIFY_PARTY, Transition.OPEN_DEFENCE]  # fmt: skip


def walk_to_notice(case, officer, on: dt.date | None = None, *, fine: str | None = "2000",
                   heard: bool = True):  # fmt: skip
    """Investigation, its conclusion, the prior notice with its content (行政处罚法 第四十四条)
    and the party's statement (第六十二条): the case at 陈述申辩."""
    for transition in TO_NOTICE[:2]:
        case = cases.transition_case(actor=officer, case=case, transition=transition, on=on)
    serve_notice(case, officer, on=on, fine=fine)
    if heard:
        hear(case, officer, on=on)
    else:
        case.refresh_from_db()
        case = cases.transition_case(
            actor=officer, case=case, transition=Transition.OPEN_DEFENCE, on=on
        )
    case.refresh_from_db()
    return case


def make_reviewer(user, kind=ReviewerKind.FULL_TIME, qualification="A2015120110001"):
    return LegalReviewer.objects.create(
        agency=user.agency, name=user.full_name, kind=kind, user=user,
        qualification_number=qualification,
    )  # fmt: skip


def proposal(fine: str | None = "2000", level: str = "general") -> services.Proposal:
    return services.Proposal(
        text="拟对当事人处以罚款人民币二千元。",
        penalties=[PenaltyType.FINE] if fine else [PenaltyType.WARNING],
        fine=Decimal(fine) if fine else None,
        circumstances="初次占道经营，经责令后及时改正",
        discretion_level=level,
        discretion_reasoning="违法情节一般，按一般阶次裁量。",
    )


def materials(*extra: str) -> list[services.MaterialData]:
    kinds = [MaterialKind.INVESTIGATION_REPORT, MaterialKind.PROPOSED_DECISION,
             MaterialKind.EVIDENCE_LIST, MaterialKind.LEGAL_BASIS, MaterialKind.DISCRETION,
             MaterialKind.DEFENCE, *extra]  # fmt: skip
    return [services.MaterialData(kind=k, title=str(MaterialKind(k).label), reference="第1页")
            for k in kinds]  # fmt: skip


def submit(case, officer, *, fine: str | None = "2000", note: str = ""):
    return services.submit_for_review(
        actor=officer, case=case, proposal=proposal(fine), materials=materials(),
        responsibility_confirmed=True, revision_note=note,
    )  # fmt: skip


def all_pass() -> dict[str, tuple[str, str]]:
    return {i.value: (ItemResult.PASS, "") for i in ChecklistItem}


def ready_case(case, officer, *, fine: str | None = "2000"):
    """The case at 陈述申辩 with applicability recorded (review required: general penalty)."""
    case = walk_to_notice(case, officer, fine=fine)
    services.assess_applicability(actor=officer, case=case, answers=NO)
    return case
