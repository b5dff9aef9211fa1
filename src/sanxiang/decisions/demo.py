"""Demo decisions (``sanxiang load-demo``): decided, served, paid or not, closed and archived.

For the demo cases whose story goes past the decision: the head decides (the document is made
with it), the handler serves it, the bank reports payments (in full, in instalments, or not
yet), the case is closed with its 结案审批表 and archived. Summary-procedure cases are decided
on the spot. Through the services with the stories' dates; a case with a decision is left
alone (idempotent).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from sanxiang.agencies.models import User
from sanxiang.cases import demo as cases_demo
from sanxiang.cases import services as case_services
from sanxiang.cases.choices import ApprovalKind, Procedure, ServiceMethod, Stage, Transition
from sanxiang.cases.models import Case
from sanxiang.decisions import services
from sanxiang.decisions.choices import (
    ArrangementKind,
    ExecutionKind,
    PaymentChannel,
    PenaltyType,
    RemedyKind,
    RemedyOutcome,
)
from sanxiang.decisions.models import Decision, Remedy
from sanxiang.records import documents
from sanxiang.records.choices import DocumentType

G = cases_demo.Goal
DECIDED = {G.DECIDED, G.SERVED, G.CLOSED, G.ARCHIVED}


def _data(story: cases_demo.Story, case: Case) -> services.DecisionData:
    fine = Decimal(story.fine) if story.fine else None
    return services.DecisionData(
        facts=story.facts, legal_basis=case.power_item.legal_basis.replace("\n", "、"),
        content=f"罚款人民币{story.fine}元。" if fine else "警告。",
        penalty_types=[PenaltyType.FINE] if fine else [PenaltyType.WARNING], fine=fine,
        discretion_reasoning="违法情节一般，当事人配合调查并及时改正，按一般阶次裁量",
    )  # fmt: skip


def _day(story: cases_demo.Story, step: str) -> Any:
    return story.filed if story.procedure == Procedure.SUMMARY else story.on(step)


def _pay(story: cases_demo.Story, decision: Decision, lead: User, head: User) -> bool:
    """Payments reported by the bank; True when the fine is paid in full.

    A part-paid story had its fine split in two instalments approved by the head (行政处罚法
    第六十六条); an unpaid one shows the late-payment surcharge (第七十二条) on its page.
    """
    if decision.fine_amount is None:
        return True
    if story.paid == "none" and story.goal == G.SERVED:
        return False
    day = _day(story, "pay")
    half = (decision.fine_amount / 2).quantize(Decimal("0.01"))
    instalments = (
        [half, decision.fine_amount - half] if story.paid == "part" else [decision.fine_amount]
    )
    if story.paid == "part":
        served = _day(story, "serve")
        later = day + dt.timedelta(days=30)
        if story.goal == G.SERVED:  # the second instalment is not yet due
            later = max(later, timezone.localdate() + dt.timedelta(days=30))
        services.arrange_payment(
            actor=head, decision=decision, kind=ArrangementKind.INSTALMENTS, on=served,
            reason="当事人书面申请，确有经济困难，经负责人批准分两期缴纳（行政处罚法第六十六条）。",
            instalments=[(max(day, served + dt.timedelta(days=1)), half),
                         (later, decision.fine_amount - half)],
        )  # fmt: skip
    for n, amount in enumerate(instalments):
        if story.goal == G.SERVED and n == 1:
            return False  # the second instalment is not yet due
        services.record_payment(
            actor=lead, decision=decision, amount=amount, paid_on=day,
            channel=PaymentChannel.NON_TAX if n else PaymentChannel.BANK,
            receipt_number=f"FS{decision.decided_on:%Y}{decision.pk:05d}{n + 1}",
        )  # fmt: skip
    return True


def _decide(story: cases_demo.Story, case: Case, lead: User, head: User) -> None:
    # 行政处罚法 第五十二条: on the spot the handling officers decide, and the head records the
    # filing (备案) of their decision the same day.
    summary = story.procedure == Procedure.SUMMARY
    decision = services.make_decision(
        actor=lead if summary else head, case=case, data=_data(story, case),
        on=_day(story, "decide"),
    )  # fmt: skip
    if summary:
        case_services.record_summary_filing(actor=head, case=case, on=decision.decided_on)
    if story.goal == G.DECIDED:
        return
    party = case.parties.first()
    services.serve_decision(
        actor=lead, decision=decision, method=ServiceMethod.DIRECT, served_on=_day(story, "serve"),
        recipient=party.name if party else "当事人",
    )  # fmt: skip
    if not _pay(story, decision, lead, head) or story.goal == G.SERVED:
        return
    services.record_execution(
        actor=lead, decision=decision, kind=ExecutionKind.PERFORMED, on=_day(story, "pay")
    )
    closed = case_services.transition_case(
        actor=lead, case=case, transition=Transition.CLOSE, on=_day(story, "close")
    )
    case_services.approve(
        actor=head, case=closed, kind=ApprovalKind.CLOSING, opinion="同意结案。",
        on=closed.closed_on,
    )  # fmt: skip
    documents.generate_document(
        actor=lead, case=closed, doc_type=DocumentType.CLOSING_APPROVAL, on=closed.closed_on
    )
    if story.goal == G.ARCHIVED:
        case_services.transition_case(
            actor=lead, case=closed, transition=Transition.ARCHIVE, on=_day(story, "archive")
        )


def load(*, stdout: Any) -> None:
    head = User.objects.filter(username="wx_head").first()
    if head is None:
        return
    made = 0
    for story in cases_demo.stories():
        if story.goal not in DECIDED:
            continue
        case = cases_demo.find(story)
        if (
            case is None
            or case.stage != Stage.DECISION
            or Decision.objects.filter(case=case).exists()
        ):
            continue
        _decide(story, case, cases_demo.lead_of(case), head)
        made += 1
    stdout.write(f"演示执法决定：{made} 件（送达、缴款、结案、归档）。")
    _remedies_and_transfers(head, stdout)


# Reconsiderations and lawsuits against the 2025 decisions, in the order of the decisions:
# (kind, days after the decision it was filed, outcome or None, days to the outcome, body).
REMEDIES = [
    (RemedyKind.RECONSIDERATION, 20, RemedyOutcome.UPHELD, 60, "天津市东丽区人民政府"),
    (RemedyKind.RECONSIDERATION, 25, RemedyOutcome.CHANGED, 55, "天津市东丽区人民政府"),
    (RemedyKind.LITIGATION, 30, RemedyOutcome.CONFIRMED_ILLEGAL, 90, "天津市东丽区人民法院"),
    (RemedyKind.LITIGATION, 40, RemedyOutcome.UPHELD, 100, "天津市东丽区人民法院"),
    (RemedyKind.RECONSIDERATION, 15, None, 0, "天津市东丽区人民政府"),
]


def _remedies_and_transfers(head: User, stdout: Any) -> None:
    """A few reconsiderations, lawsuits and a transfer to the judicial organs in 2025, so that
    the annual report's figures for them are not empty (idempotent)."""
    if Remedy.objects.filter(decision__agency=head.agency).exists():
        return
    decisions = list(
        Decision.objects.filter(agency=head.agency, decided_on__year=2025).order_by(
            "decided_on", "pk"
        )
    )[1 : 1 + len(REMEDIES)]
    for n, (decision, (kind, after, outcome, later, body)) in enumerate(
        zip(decisions, REMEDIES, strict=False)
    ):
        filed = decision.decided_on + dt.timedelta(days=after)
        court = kind == RemedyKind.LITIGATION
        reference = f"（2025）津0110行初{n + 1}号" if court else f"东丽政复申字〔2025〕{n + 1}号"
        remedy = services.record_remedy(
            actor=head, decision=decision, kind=kind, filed_on=filed, body=body,
            reference=reference,
        )  # fmt: skip
        if outcome is not None:
            gist = "判决" if court else "复议决定"
            services.record_remedy_outcome(
                actor=head, remedy=remedy, outcome=outcome,
                on=filed + dt.timedelta(days=later - after),
                note=f"{gist}：{RemedyOutcome(outcome).label}。",
            )  # fmt: skip
    story_case = (
        Case.objects.filter(agency=head.agency, year=2025, stage=Stage.ARCHIVED)
        .order_by("filed_on")
        .last()
    )
    if story_case is not None:
        services.record_judicial_transfer(
            actor=head, case=story_case, transferred_on=story_case.filed_on + dt.timedelta(days=5),
            organ="天津市公安局东丽分局", offence="涉嫌非法经营罪",
            reference="东丽城管移〔2025〕1号",
            note="经负责人批准，将涉嫌犯罪案件移送公安机关，同时抄送同级人民检察院。",
        )  # fmt: skip
    stdout.write(
        f"演示复议、诉讼：{len(decisions)} 件；移送司法机关：{int(story_case is not None)} 件。"
    )
