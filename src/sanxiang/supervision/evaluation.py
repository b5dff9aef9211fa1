"""Case-file evaluation (案卷评查, plan R6): templates, rounds, random samples, pre-scoring
from the record, the evaluator's scores, grades, rectification, and results.

Scoring follows the common synthesis in domain-notes §4: veto items (any failure makes a
不合格卷 scored 0) plus items worth 100 points in blocks; grades ≥90 优秀, 75–89 良好,
60–74 合格, below 60 or vetoed 不合格. Weights are the template's, set per supervisor.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.models import Agency, User
from sanxiang.agencies.selectors import agencies_visible_to
from sanxiang.cases.choices import Procedure, Stage
from sanxiang.cases.models import Case
from sanxiang.core import calendar
from sanxiang.core.roles import Role
from sanxiang.ledger.services import append
from sanxiang.records.choices import Requirement
from sanxiang.records.models import RecordingRule
from sanxiang.supervision.choices import (
    AutoCheck,
    EvaluationBlock,
    EvaluationStatus,
    Grade,
    RoundStatus,
)
from sanxiang.supervision.models import (
    CaseEvaluation,
    EvaluationItem,
    EvaluationRound,
    EvaluationTemplate,
    ItemScore,
)

TOTAL_POINTS = Decimal(100)
# 行政处罚法 第六十条: decided within 90 days of filing.
DECISION_DAYS = 90
GRADE_FLOORS = [
    (Decimal(90), Grade.EXCELLENT),
    (Decimal(75), Grade.GOOD),
    (Decimal(60), Grade.PASS),
]


@dataclass(frozen=True)
class ItemData:
    block: str
    text: str
    points: Decimal = Decimal(0)
    auto_check: str = AutoCheck.NONE


def default_items() -> list[ItemData]:
    """The recommended general-procedure template (domain-notes §4), weights per block."""
    d = Decimal
    return [
        ItemData(
            EvaluationBlock.VETO,
            "执法主体不合法或执法人员不具备执法资格",
            auto_check=AutoCheck.CREDENTIALS_VALID,
        ),
        ItemData(EvaluationBlock.VETO, "执法人员少于2名", auto_check=AutoCheck.TWO_OFFICERS),
        ItemData(EvaluationBlock.VETO, "主要事实不清、证据不足或定性错误"),
        ItemData(EvaluationBlock.VETO, "涉嫌犯罪应当移送而未移送"),
        ItemData(EvaluationBlock.SUBJECT, "执法主体、执法人员及其资格符合规定", d(10)),
        ItemData(EvaluationBlock.FACTS, "违法事实的时间、地点、行为清楚", d(10)),
        ItemData(EvaluationBlock.FACTS, "证据合法、充分，并逐项列明", d(15)),
        ItemData(EvaluationBlock.LAW, "违法条款与处罚条款引用准确", d(8)),
        ItemData(EvaluationBlock.LAW, "裁量适当，符合裁量基准并说明理由", d(7)),
        ItemData(
            EvaluationBlock.PROCEDURE, "在法定期限内作出决定", d(8), AutoCheck.DECIDED_IN_TIME
        ),
        ItemData(EvaluationBlock.PROCEDURE, "告知、陈述申辩和听证程序完整", d(10)),
        ItemData(
            EvaluationBlock.PROCEDURE, "应当音像记录的环节均有音像记录", d(6), AutoCheck.RECORDINGS
        ),
        ItemData(EvaluationBlock.PROCEDURE, "送达合法及时，罚缴分离", d(6)),
        ItemData(EvaluationBlock.DOCUMENTS, "文书齐全、使用规范文本、填写规范", d(10)),
        ItemData(EvaluationBlock.ARCHIVE, "一案一卷，按规定立卷归档", d(10), AutoCheck.ARCHIVED),
    ]


def _require_supervisor(actor: User) -> None:
    if not (actor.is_superuser or actor.has_role(Role.SUPERVISOR)):
        raise PermissionDenied(_("Only supervisors organise case-file evaluation."))


def _check_items(items: Sequence[ItemData]) -> None:
    if not items:
        raise ValidationError(_("A template needs at least one item."))
    for item in items:
        if item.points < 0:
            raise ValidationError(_("Points cannot be negative: %(text)s") % {"text": item.text})
        if item.block == EvaluationBlock.VETO and item.points:
            raise ValidationError(
                _("A veto item carries no points: %(text)s") % {"text": item.text}
            )
    total = sum((i.points for i in items if i.block != EvaluationBlock.VETO), Decimal(0))
    if total != TOTAL_POINTS:
        raise ValidationError(
            _("The items' points add up to %(total)s; they must add up to 100.") % {"total": total}
        )


@transaction.atomic
def create_template(
    *, actor: User, owner: Agency, name: str, items: Sequence[ItemData]
) -> EvaluationTemplate:
    _require_supervisor(actor)
    if not actor.is_superuser and owner.pk != actor.agency_id:
        raise PermissionDenied(_("A template belongs to your own agency."))
    _check_items(items)
    if EvaluationTemplate.objects.filter(name=name).exists():
        raise ValidationError({"name": _("A template of this name exists.")})
    template = EvaluationTemplate.objects.create(name=name, owner=owner)
    EvaluationItem.objects.bulk_create(
        EvaluationItem(template=template, block=i.block, text=i.text, points=i.points,
                       auto_check=i.auto_check, order=n)
        for n, i in enumerate(items)
    )  # fmt: skip
    return template


@transaction.atomic
def start_round(
    *, actor: User, name: str, template: EvaluationTemplate, agencies: Iterable[Agency],
    closed_from: dt.date, closed_to: dt.date, sample_size: int,
) -> EvaluationRound:  # fmt: skip
    _require_supervisor(actor)
    agencies = list(agencies)
    in_scope = set(agencies_visible_to(user=actor).values_list("pk", flat=True))
    if not agencies or any(a.pk not in in_scope for a in agencies):
        raise ValidationError({"agencies": _("Choose agencies under your supervision.")})
    if closed_to < closed_from:
        raise ValidationError({"closed_to": _("The end of the period is before its start.")})
    if sample_size < 1:
        raise ValidationError({"sample_size": _("Draw at least one case per agency.")})
    organiser = actor.agency or agencies[0]
    evaluation_round = EvaluationRound.objects.create(
        name=name, organiser=organiser, template=template, closed_from=closed_from,
        closed_to=closed_to, sample_size=sample_size, created_by=actor,
    )  # fmt: skip
    evaluation_round.agencies.set(agencies)
    return evaluation_round


def _population(evaluation_round: EvaluationRound, agency: Agency) -> QuerySet[Case]:
    return Case.objects.filter(
        agency=agency,
        migrated=False,  # imported historic cases have no file here to evaluate
        stage__in=[Stage.CLOSED, Stage.ARCHIVED],
        closed_on__gte=evaluation_round.closed_from,
        closed_on__lte=evaluation_round.closed_to,
    ).order_by("pk")


@transaction.atomic
def draw_sample(
    *, actor: User, evaluation_round: EvaluationRound, seed: str = ""
) -> list[CaseEvaluation]:
    """Draw each agency's sample at random; the seed is kept so anyone can redraw it."""
    _require_supervisor(actor)
    evaluation_round = EvaluationRound.objects.select_for_update().get(pk=evaluation_round.pk)
    if evaluation_round.status != RoundStatus.DRAFT:
        raise ValidationError(_("The sample of this round has already been drawn."))
    seed = seed or secrets.token_hex(8)
    chooser = random.Random(seed)
    drawn: list[Case] = []
    for agency in evaluation_round.agencies.order_by("pk"):
        population = list(_population(evaluation_round, agency))
        drawn += chooser.sample(population, min(evaluation_round.sample_size, len(population)))
    if not drawn:
        raise ValidationError(_("No case was closed in this period by these agencies."))
    evaluations = [CaseEvaluation.objects.create(round=evaluation_round, case=c) for c in drawn]
    for evaluation in evaluations:
        prescore(evaluation)
    evaluation_round.seed = seed
    evaluation_round.status = RoundStatus.SAMPLED
    evaluation_round.save(update_fields=["seed", "status"])
    append(
        kind="supervision.evaluation_sample",
        payload={"round": evaluation_round.name, "seed": seed, "cases": [c.number for c in drawn]},
        actor=actor,
        subject=f"supervision.evaluationround:{evaluation_round.pk}",
    )
    return evaluations


# --- Pre-scoring from the record ------------------------------------------------------------


def _two_officers(case: Case) -> str:
    if case.officers.count() < 2:
        return _("Fewer than two handling officers on the case.")
    for act in case.acts.all():
        if act.act_officers.count() < 2:
            return _("%(act)s on %(day)s was done by fewer than two officers.") % {
                "act": act.get_kind_display(), "day": timezone.localdate(act.started_at),
            }  # fmt: skip
    return ""


def _credentials_valid(case: Case) -> str:
    for act in case.acts.prefetch_related("act_officers__officer__credentials"):
        day = timezone.localtime(act.started_at).date()
        for link in act.act_officers.all():
            if link.officer.current_credential(day) is None:
                return _("%(name)s had no valid credential on %(day)s.") % {
                    "name": link.officer.name, "day": day,
                }  # fmt: skip
    return ""


def _decided_in_time(case: Case) -> str:
    if case.procedure == Procedure.SUMMARY or case.decided_on is None:
        return ""
    days = DECISION_DAYS + sum(e.days for e in case.extensions.all() if e.kind == "decision")
    due = calendar.calendar_day_deadline(case.filed_on, days, basis="").due
    if case.decided_on > due:
        return _("Decided on %(decided)s, after the deadline of %(due)s.") % {
            "decided": case.decided_on, "due": due,
        }  # fmt: skip
    return ""


def _recordings(case: Case) -> str:
    rules = {r.act_kind: r for r in RecordingRule.objects.filter(is_active=True, service_method="")}
    for act in case.acts.prefetch_related("recordings"):
        rule = rules.get(act.kind)
        if rule is None:
            continue
        recordings = list(act.recordings.all())
        if rule.requirement == Requirement.MANDATORY and not any(r.is_full for r in recordings):
            return _("%(act)s has no full recording, which is mandatory.") % {
                "act": act.get_kind_display()
            }
        if rule.requirement == Requirement.RECOMMENDED and not recordings:
            return _("%(act)s has no recording.") % {"act": act.get_kind_display()}
    return ""


def _archived(case: Case) -> str:
    return "" if case.stage == Stage.ARCHIVED else _("The case file is not archived.")


CHECKS = {
    AutoCheck.TWO_OFFICERS: _two_officers,
    AutoCheck.CREDENTIALS_VALID: _credentials_valid,
    AutoCheck.DECIDED_IN_TIME: _decided_in_time,
    AutoCheck.RECORDINGS: _recordings,
    AutoCheck.ARCHIVED: _archived,
}


def prescore(evaluation: CaseEvaluation) -> None:
    """Fill every item's score: the automatic checks from the record, the rest at zero."""
    for item in evaluation.round.template.items.all():
        problem = CHECKS[AutoCheck(item.auto_check)](evaluation.case) if item.auto_check else ""
        ItemScore.objects.update_or_create(
            evaluation=evaluation, item=item,
            defaults={
                "deducted": item.points if problem and not item.is_veto else Decimal(0),
                "failed": bool(problem) and item.is_veto,
                "comment": problem[:300], "automatic": bool(item.auto_check),
            },
        )  # fmt: skip


# --- Scoring, rectification, results --------------------------------------------------------


def grade_for(score: Decimal, vetoed: bool) -> Grade:
    if vetoed:
        return Grade.FAIL
    return next((grade for floor, grade in GRADE_FLOORS if score >= floor), Grade.FAIL)


def conflict(evaluator: User, case: Case) -> str:
    """Why ``evaluator`` may not evaluate ``case`` (a handler of it, or of its own agency)."""
    if case.officers.filter(user=evaluator).exists():
        return _("You handled this case: someone else must evaluate it.")
    if evaluator.agency_id == case.agency_id:
        return _("Case files are evaluated by someone outside the agency that made them.")
    return ""


@dataclass(frozen=True)
class Score:
    deducted: Decimal = Decimal(0)
    failed: bool = False
    comment: str = ""


@transaction.atomic
def score_case(
    *, actor: User, evaluation: CaseEvaluation, scores: dict[int, Score], comment: str = ""
) -> CaseEvaluation:
    _require_supervisor(actor)
    reason = conflict(actor, evaluation.case)
    if reason:
        raise PermissionDenied(reason)
    if evaluation.round.status != RoundStatus.SAMPLED:
        raise ValidationError(_("This round is not open for scoring."))
    items = {s.item_id: s for s in evaluation.scores.select_related("item")}
    for item_id, score in scores.items():
        row = items.get(item_id)
        if row is None:
            raise ValidationError(_("An item does not belong to this template."))
        if not Decimal(0) <= score.deducted <= row.item.points:
            raise ValidationError(
                _("Deduct between 0 and %(points)s points for: %(text)s")
                % {"points": row.item.points, "text": row.item.text}
            )
        row.deducted, row.failed, row.comment = (
            score.deducted,
            score.failed and row.item.is_veto,
            score.comment,
        )
        row.automatic = False
        row.save(update_fields=["deducted", "failed", "comment", "automatic"])
    rows = list(evaluation.scores.all())
    vetoed = any(r.failed for r in rows)
    total = Decimal(0) if vetoed else TOTAL_POINTS - sum((r.deducted for r in rows), Decimal(0))
    evaluation.evaluator, evaluation.comment, evaluation.vetoed = actor, comment.strip(), vetoed
    evaluation.score, evaluation.grade = total, grade_for(total, vetoed)
    evaluation.status = (
        EvaluationStatus.RECTIFYING if evaluation.grade == Grade.FAIL else EvaluationStatus.SCORED
    )
    evaluation.scored_at = timezone.now()
    evaluation.save()
    append(
        kind="supervision.case_evaluated",
        payload={"case": evaluation.case.number, "score": str(total), "grade": evaluation.grade,
                 "vetoed": vetoed, "round": evaluation.round.name},
        actor=actor, subject=f"supervision.caseevaluation:{evaluation.pk}",
    )  # fmt: skip
    return evaluation


@transaction.atomic
def record_rectification(*, actor: User, evaluation: CaseEvaluation, report: str) -> CaseEvaluation:
    """The evaluated agency reports how it rectified a failed case file."""
    own = actor.agency_id == evaluation.case.agency_id
    if not (
        actor.is_superuser or (own and (actor.has_role(Role.HEAD) or actor.has_role(Role.ADMIN)))
    ):
        raise PermissionDenied(_("The agency's head or administrator reports the rectification."))
    if evaluation.status != EvaluationStatus.RECTIFYING:
        raise ValidationError(_("This case file needs no rectification."))
    if not report.strip():
        raise ValidationError({"report": _("Say what was rectified.")})
    evaluation.rectification, evaluation.rectified_at = report.strip(), timezone.now()
    evaluation.status = EvaluationStatus.RECTIFIED
    evaluation.save(update_fields=["rectification", "rectified_at", "status"])
    return evaluation


@transaction.atomic
def finish_round(*, actor: User, evaluation_round: EvaluationRound) -> EvaluationRound:
    _require_supervisor(actor)
    if evaluation_round.evaluations.filter(status=EvaluationStatus.PENDING).exists():
        raise ValidationError(_("Some sampled case files are not scored yet."))
    evaluation_round.status = RoundStatus.FINISHED
    evaluation_round.save(update_fields=["status"])
    return evaluation_round


@dataclass(frozen=True)
class ResultRow:
    name: str
    count: int
    average: Decimal | None
    grades: dict[str, int]


def _rows(groups: dict[str, list[CaseEvaluation]]) -> list[ResultRow]:
    rows = []
    for name, members in sorted(groups.items()):
        scored = [e.score for e in members if e.score is not None]
        average = (
            (sum(scored, Decimal(0)) / len(scored)).quantize(Decimal("0.1")) if scored else None
        )
        grades = {g.value: sum(1 for e in members if e.grade == g) for g in Grade}
        rows.append(ResultRow(name, len(members), average, grades))
    return rows


def results(evaluation_round: EvaluationRound) -> tuple[list[ResultRow], list[ResultRow]]:
    """Results by agency and by handling officer."""
    evaluations = list(
        evaluation_round.evaluations.select_related("case__agency").prefetch_related(
            "case__officers"
        )
    )
    by_agency: dict[str, list[CaseEvaluation]] = defaultdict(list)
    by_officer: dict[str, list[CaseEvaluation]] = defaultdict(list)
    for evaluation in evaluations:
        by_agency[evaluation.case.agency.name].append(evaluation)
        for officer in evaluation.case.officers.all():
            by_officer[officer.name].append(evaluation)
    return _rows(by_agency), _rows(by_officer)
