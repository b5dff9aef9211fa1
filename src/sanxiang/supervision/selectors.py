"""Reads of supervision records (warnings, evaluation), with the agencies' visibility rule."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sanxiang.agencies.selectors import agencies_visible_to, visible_agency_ids
from sanxiang.core.roles import Role
from sanxiang.supervision import permissions
from sanxiang.supervision.choices import WarningStatus
from sanxiang.supervision.models import (
    CaseEvaluation,
    EvaluationRound,
    EvaluationTemplate,
    Warning,
)


def warnings_visible_to(*, user: Any) -> QuerySet[Warning]:
    if not permissions.can_watch(user):
        return Warning.objects.none()
    warnings = Warning.objects.select_related("agency")
    scope = visible_agency_ids(user=user)
    return warnings if scope is None else warnings.filter(agency__in=scope)


def open_warnings_visible_to(*, user: Any) -> QuerySet[Warning]:
    return warnings_visible_to(user=user).exclude(status=WarningStatus.RESOLVED)


def get_warning_for_user(*, user: Any, warning_id: int) -> Warning:
    try:
        return warnings_visible_to(user=user).get(pk=warning_id)
    except Warning.DoesNotExist as exc:
        raise Http404 from exc


def rounds_visible_to(*, user: Any) -> QuerySet[EvaluationRound]:
    """Supervisors see the rounds of agencies they supervise; heads and admins their own."""
    if not permissions.can_watch(user):
        return EvaluationRound.objects.none()
    rounds = EvaluationRound.objects.select_related("template", "organiser")
    if user.is_superuser:
        return rounds
    if user.has_role(Role.SUPERVISOR):
        return rounds.filter(organiser__in=agencies_visible_to(user=user)).distinct()
    return rounds.filter(agencies=user.agency_id).distinct()


def get_round_for_user(*, user: Any, round_id: int) -> EvaluationRound:
    try:
        return rounds_visible_to(user=user).get(pk=round_id)
    except EvaluationRound.DoesNotExist as exc:
        raise Http404 from exc


def evaluations_visible_to(
    *, user: Any, evaluation_round: EvaluationRound
) -> QuerySet[CaseEvaluation]:
    evaluations = evaluation_round.evaluations.select_related("case__agency", "evaluator")
    if user.is_superuser or user.has_role(Role.SUPERVISOR):
        return evaluations
    return evaluations.filter(case__agency_id=user.agency_id)


def get_evaluation_for_user(*, user: Any, evaluation_id: int) -> CaseEvaluation:
    evaluation = CaseEvaluation.objects.filter(pk=evaluation_id).select_related("round").first()
    if (
        evaluation is None
        or not rounds_visible_to(user=user).filter(pk=evaluation.round_id).exists()
    ):
        raise Http404
    if (
        not evaluations_visible_to(user=user, evaluation_round=evaluation.round)
        .filter(pk=evaluation.pk)
        .exists()
    ):
        raise Http404
    return evaluation


def templates_for(*, user: Any) -> QuerySet[EvaluationTemplate]:
    return EvaluationTemplate.objects.filter(is_active=True)
