"""Demo legal reviews (``sanxiang load-demo``) of the general-procedure demo cases.

Every general-procedure penalty is reviewed (行政处罚法 第五十八条): pending, passed, returned
for revision (one waiting for the handler, one resubmitted and passed), a disagreement before
the head, and one the head settled. Through the services with the stories' dates; a case that
already has its applicability recorded is left alone (idempotent).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from sanxiang.agencies.models import LegalReviewer, User
from sanxiang.cases import demo as cases_demo
from sanxiang.cases.choices import Procedure, Transition
from sanxiang.cases.models import Case
from sanxiang.review import services
from sanxiang.review.choices import (
    ChecklistItem,
    Criterion,
    ItemResult,
    MaterialKind,
    OpinionKind,
    PenaltyType,
    Settlement,
)
from sanxiang.review.models import Applicability, Review

G = cases_demo.Goal
REVIEWED = {G.REVIEW_PENDING, G.RETURNED, G.ESCALATED, G.PASSED, G.DECIDED, G.SERVED,
            G.CLOSED, G.ARCHIVED}  # fmt: skip
PASS = {item.value: (ItemResult.PASS, "") for item in ChecklistItem}
REVISE_TEXT = "建议补充当事人陈述申辩的书面记录，并按裁量基准写明从轻情节的事实依据后重新报送。"


def proposal(story: cases_demo.Story) -> services.Proposal:
    fine = Decimal(story.fine) if story.fine else None
    return services.Proposal(
        text=f"拟对当事人处以罚款人民币{story.fine}元。" if fine else "拟对当事人给予警告。",
        penalties=[PenaltyType.FINE] if fine else [PenaltyType.WARNING], fine=fine,
        circumstances="经责令改正后在限期内改正，未造成不良影响", discretion_level="general",
        discretion_reasoning="违法情节一般，当事人配合调查并及时改正，按一般阶次裁量。",
    )  # fmt: skip


def materials() -> list[services.MaterialData]:
    kinds = [MaterialKind.INVESTIGATION_REPORT, MaterialKind.PROPOSED_DECISION,
             MaterialKind.EVIDENCE_LIST, MaterialKind.LEGAL_BASIS, MaterialKind.DISCRETION,
             MaterialKind.DEFENCE]  # fmt: skip
    return [
        services.MaterialData(
            kind=k, title=str(MaterialKind(k).label), reference=f"案卷第{i + 1}页"
        )
        for i, k in enumerate(kinds)
    ]


def _marks_with_problem() -> dict[str, tuple[str, str]]:
    return {**PASS, ChecklistItem.LAW.value: (ItemResult.PROBLEM, "从轻情节的事实依据不足。")}


def _reviewer_for(story: cases_demo.Story, review: Review, head: User) -> User:
    """The full-time reviewer; in 2026 some reviews go to the engaged lawyer (assigned)."""
    reviewer = User.objects.get(username="wx_reviewer")
    lawyer = LegalReviewer.objects.filter(user__username="wx_lawyer").first()
    today = timezone.localdate()
    engaged = lawyer is not None and (lawyer.engaged_to is None or lawyer.engaged_to >= today)
    if (
        engaged
        and lawyer is not None
        and story.filed.year == 2026
        and story.fine
        and story.fine % 3 == 0
    ):
        services.assign_reviewer(actor=head, review=review, reviewer=lawyer)
        assert lawyer.user is not None
        return lawyer.user
    return reviewer


def _submit(story: cases_demo.Story, case: Case, lead: User, step: str, note: str = "") -> Review:
    return services.submit_for_review(
        actor=lead, case=case, proposal=proposal(story), materials=materials(),
        responsibility_confirmed=True, revision_note=note, on=story.on(step),
    )  # fmt: skip


def _disagree(story: cases_demo.Story, review: Review, lead: User, reviewer: User) -> None:
    services.dispute_opinion(
        actor=lead, review=review, on=story.on("resubmit"),
        reasons="当事人在陈述申辩中已提交书面材料并附卷，从轻情节有现场检查笔录和照片为证。",
        legal_basis="《中华人民共和国行政处罚法》第三十二条",
    )  # fmt: skip
    services.record_consultation(
        actor=reviewer, review=review, on=story.on("resubmit"),
        note="承办机构与审核机构当面沟通，双方对从轻情节认定仍有分歧。",
    )  # fmt: skip
    services.escalate_disagreement(actor=lead, review=review, on=story.on("reopinion"))


def _review(story: cases_demo.Story, case: Case, lead: User, head: User) -> None:
    services.assess_applicability(
        actor=lead, case=case, answers={c.value: False for c in Criterion}
    )
    review = _submit(story, case, lead, "submit")
    if story.goal == G.REVIEW_PENDING:
        return
    reviewer = _reviewer_for(story, review, head)
    if story.returned_once or story.disputed or story.goal in (G.RETURNED, G.ESCALATED):
        services.give_opinion(
            actor=reviewer, review=review, kind=OpinionKind.REVISE, text=REVISE_TEXT,
            marks=_marks_with_problem(), on=story.on("opinion"),
        )  # fmt: skip
        if story.goal == G.RETURNED:
            return
        if story.disputed or story.goal == G.ESCALATED:
            _disagree(story, review, lead, reviewer)
            if story.goal == G.ESCALATED:
                return
            services.settle_disagreement(
                actor=head, review=review, settlement=Settlement.FOR_HANDLER,
                reasons="经集体研究，承办机构意见事实清楚、依据充分，同意按拟处理意见作出决定。",
                on=story.on("reopinion"),
            )  # fmt: skip
            return
        review = _submit(
            story, case, lead, "resubmit", note="已补充陈述申辩书面记录并细化裁量理由。"
        )
    services.give_opinion(
        actor=reviewer, review=review, kind=OpinionKind.AGREE, marks=PASS,
        text="事实清楚，证据充分，适用依据正确，程序合法，裁量适当，同意。",
        on=story.on("reopinion" if story.returned_once else "opinion"),
    )  # fmt: skip


def load(*, stdout: Any) -> None:
    head = User.objects.filter(username="wx_head").first()
    if head is None:
        return
    made = 0
    for story in cases_demo.stories():
        if story.goal not in REVIEWED or story.procedure != Procedure.GENERAL:
            continue
        case = cases_demo.find(story)
        if case is None or Applicability.objects.filter(case=case).exists():
            continue
        if not case.events.filter(transition=Transition.OPEN_DEFENCE).exists():
            continue
        _review(story, case, cases_demo.lead_of(case), head)
        made += 1
    stdout.write(f"演示法制审核：{made} 件案件。")
