"""Workbench pages of case-file evaluation (案卷评查)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import formset_factory
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanxiang.agencies.http import AuthedRequest
from sanxiang.agencies.selectors import agencies_visible_to
from sanxiang.core.roles import Role
from sanxiang.supervision import evaluation as services
from sanxiang.supervision import permissions, selectors
from sanxiang.supervision.choices import EvaluationStatus, RoundStatus
from sanxiang.supervision.forms import ItemScoreForm, RectificationForm, RoundForm

ItemScoreFormSet = formset_factory(ItemScoreForm, extra=0)


def _is_supervisor(request: AuthedRequest) -> bool:
    return request.user.is_superuser or request.user.has_role(Role.SUPERVISOR)


@login_required
def round_list(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_watch(request.user):
        raise PermissionDenied(_("Evaluation is for supervisors, heads and administrators."))
    rounds = selectors.rounds_visible_to(user=request.user)
    return render(
        request, "supervision/round_list.html",
        {"rounds": rounds, "can_create": _is_supervisor(request)},
    )  # fmt: skip


@login_required
def round_create(request: AuthedRequest) -> HttpResponse:
    if not _is_supervisor(request):
        raise PermissionDenied(_("Only supervisors organise case-file evaluation."))
    form = RoundForm(
        request.POST or None,
        agencies=agencies_visible_to(user=request.user),
        templates=selectors.templates_for(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.start_round(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("workbench:evaluation-round", round_id=created.pk)
    return render(request, "supervision/round_form.html", {"form": form})


@login_required
def round_detail(request: AuthedRequest, round_id: int) -> HttpResponse:
    evaluation_round = selectors.get_round_for_user(user=request.user, round_id=round_id)
    by_agency, by_officer = services.results(evaluation_round)
    context = {
        "round": evaluation_round,
        "evaluations": selectors.evaluations_visible_to(
            user=request.user, evaluation_round=evaluation_round
        ),
        "can_manage": _is_supervisor(request),
        "by_agency": by_agency if _is_supervisor(request) else [],
        "by_officer": by_officer if _is_supervisor(request) else [],
        "RoundStatus": RoundStatus,
    }
    return render(request, "supervision/round_detail.html", context)


@login_required
@require_POST
def round_action(request: AuthedRequest, round_id: int, action: str) -> HttpResponse:
    evaluation_round = selectors.get_round_for_user(user=request.user, round_id=round_id)
    try:
        if action == "draw":
            drawn = services.draw_sample(actor=request.user, evaluation_round=evaluation_round)
            messages.success(request, _("%(n)d case files drawn.") % {"n": len(drawn)})
        elif action == "finish":
            services.finish_round(actor=request.user, evaluation_round=evaluation_round)
            messages.success(request, _("The round is finished."))
        else:
            raise PermissionDenied
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("workbench:evaluation-round", round_id=evaluation_round.pk)


@login_required
def evaluation_detail(request: AuthedRequest, evaluation_id: int) -> HttpResponse:
    evaluation = selectors.get_evaluation_for_user(user=request.user, evaluation_id=evaluation_id)
    rows = list(evaluation.scores.select_related("item"))
    initial = [{"deducted": r.deducted, "failed": r.failed, "comment": r.comment} for r in rows]
    formset = ItemScoreFormSet(request.POST or None, initial=initial, prefix="item")
    conflict = services.conflict(request.user, evaluation.case)
    can_score = (
        _is_supervisor(request) and not conflict and evaluation.round.status == RoundStatus.SAMPLED
    )
    if request.method == "POST" and can_score and formset.is_valid():
        scores = {
            row.item_id: services.Score(
                deducted=form.cleaned_data.get("deducted") or Decimal(0),
                failed=form.cleaned_data.get("failed", False),
                comment=form.cleaned_data.get("comment", ""),
            )
            for row, form in zip(rows, formset.forms, strict=True)
        }
        try:
            services.score_case(
                actor=request.user, evaluation=evaluation, scores=scores,
                comment=request.POST.get("overall", ""),
            )  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Scores saved."))
            return redirect("workbench:evaluation", evaluation_id=evaluation.pk)
    context = {
        "evaluation": evaluation,
        "rows": list(zip(rows, formset.forms, strict=True)),
        "formset": formset,
        "can_score": can_score,
        "conflict": conflict if _is_supervisor(request) else "",
        "can_rectify": evaluation.status == EvaluationStatus.RECTIFYING
        and request.user.agency_id == evaluation.case.agency_id,
        "rectification_form": RectificationForm(),
    }
    return render(request, "supervision/evaluation_detail.html", context)


@login_required
@require_POST
def evaluation_rectify(request: AuthedRequest, evaluation_id: int) -> HttpResponse:
    evaluation = selectors.get_evaluation_for_user(user=request.user, evaluation_id=evaluation_id)
    form = RectificationForm(request.POST)
    try:
        services.record_rectification(
            actor=request.user, evaluation=evaluation,
            report=form.data.get("report", ""),
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Rectification recorded."))
    return redirect("workbench:evaluation", evaluation_id=evaluation.pk)
