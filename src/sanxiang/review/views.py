"""Workbench pages of legal review: queue, a case's review page, a review, the catalogue."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import PurePath
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.http import AuthedRequest
from sanxiang.cases import sections
from sanxiang.cases.selectors import get_case_for_user
from sanxiang.core.forms import add_service_errors
from sanxiang.review import discretion, forms, permissions, selectors, services
from sanxiang.review.choices import MaterialKind, OpinionKind, ReviewStatus, Settlement
from sanxiang.review.gate import gate_state
from sanxiang.review.models import Applicability, Review, ReviewMaterial


def _run(request: AuthedRequest, form: Form, call: Callable[[], Any], done: str) -> bool:
    if not form.is_valid():
        return False
    try:
        call()
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, done)
    return True


@login_required
def review_queue(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_see_queue(request.user):
        raise PermissionDenied(_("The review queue is for reviewers and heads."))
    today = timezone.localdate()
    rows = list(selectors.queue(user=request.user)[:200])
    staffing = selectors.staffing(request.user.agency) if request.user.agency else None
    context = {"rows": rows, "today": today, "staffing": staffing}
    return render(request, "review/queue.html", context)


def _proposal(data: dict[str, Any]) -> services.Proposal:
    return services.Proposal(
        text=data["proposed_decision"], penalties=data["penalties"], fine=data["fine"],
        confiscation=data["confiscation"], circumstances=data["circumstances"],
        discretion_level=data["discretion_level"],
        discretion_reasoning=data["discretion_reasoning"],
    )  # fmt: skip


def _materials(form: forms.SubmissionForm) -> list[services.MaterialData]:
    data = form.cleaned_data
    return [
        services.MaterialData(
            kind=k.value,
            title=str(k.label),
            reference=data[f"m_{k.value}"],
            file=data[f"f_{k.value}"],
        )
        for k in MaterialKind
        if data[f"m_{k.value}"] or data[f"f_{k.value}"]
    ]


@login_required
def case_review(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(user=request.user, case_id=case_id)
    can_assess = permissions.can_assess(request.user, case)
    latest = gate_state(case).latest
    initial: dict[str, Any] = {}
    if latest is not None:
        initial = {"proposed_decision": latest.proposed_decision,
                   "penalties": latest.proposed_penalties, "fine": latest.proposed_fine,
                   "confiscation": latest.proposed_confiscation,
                   "circumstances": latest.circumstances,
                   "discretion_level": latest.discretion_level,
                   "discretion_reasoning": latest.discretion_reasoning}  # fmt: skip
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not can_assess:
        raise PermissionDenied(_("Only the case's handling officers may do this."))
    assess = forms.ApplicabilityForm(request.POST if action == "assess" else None)
    submit = forms.SubmissionForm(
        request.POST if action == "submit" else None,
        request.FILES if action == "submit" else None,
        levels=discretion.level_choices(case), initial=initial,
    )  # fmt: skip
    if action == "assess" and _run(request, assess, lambda: services.assess_applicability(
        actor=request.user, case=case, answers=assess.answers(),
        amount_involved=assess.cleaned_data["amount_involved"],
    ), _("Applicability recorded.")):  # fmt: skip
        return redirect("workbench:review-case", case_id=case.pk)
    if action == "submit":

        def call() -> None:
            review = services.submit_for_review(
                actor=request.user, case=case, proposal=_proposal(submit.cleaned_data),
                materials=_materials(submit),
                responsibility_confirmed=submit.cleaned_data["responsibility_confirmed"],
                revision_note=submit.cleaned_data["revision_note"],
            )  # fmt: skip
            request.session["last_review"] = review.pk

        if _run(request, submit, call, _("Submitted for legal review.")):
            return redirect("workbench:review", review_id=request.session.pop("last_review"))
    context = {
        "case": case, "state": gate_state(case), "can_assess": can_assess,
        "applicability": Applicability.objects.filter(case=case).first(),
        "assess": assess, "submit": submit,
        "reviews": Review.objects.filter(case=case).order_by("-version"),
        "material_fields": [(submit[f"m_{k.value}"], submit[f"f_{k.value}"]) for k in MaterialKind],
    }  # fmt: skip
    return render(request, "review/case_review.html", context)


def _actions(request: AuthedRequest, review: Review) -> dict[str, Form]:
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action")

    def bound(name: str) -> Any:
        return post if action == name else None

    return {
        "opinion": forms.OpinionForm(bound("opinion")),
        "dispute": forms.DisputeForm(bound("dispute")),
        "consult": forms.ConsultForm(bound("consult")),
        "settle": forms.SettleForm(bound("settle")),
        "extend": forms.ExtendForm(bound("extend")),
        "assign": forms.AssignForm(bound("assign"), agency_id=review.case.agency_id),
    }


def _perform(request: AuthedRequest, review: Review, name: str, form: Any) -> bool:
    user = request.user
    calls: dict[str, tuple[Callable[[], Any], str]] = {
        "opinion": (lambda: services.give_opinion(
            actor=user, review=review, kind=OpinionKind(form.cleaned_data["kind"]),
            text=form.cleaned_data["text"], marks=form.marks()), _("Opinion given.")),
        "dispute": (lambda: services.dispute_opinion(
            actor=user, review=review, **form.cleaned_data), _("Disagreement recorded.")),
        "consult": (lambda: services.record_consultation(
            actor=user, review=review, **form.cleaned_data), _("Consultation recorded.")),
        "escalate": (lambda: services.escalate_disagreement(actor=user, review=review),
                     _("Both opinions sent to the head.")),
        "settle": (lambda: services.settle_disagreement(
            actor=user, review=review, settlement=Settlement(form.cleaned_data["settlement"]),
            reasons=form.cleaned_data["reasons"]), _("Disagreement settled.")),
        "extend": (lambda: services.extend_review(
            actor=user, review=review, **form.cleaned_data), _("Review period extended.")),
        "assign": (lambda: services.assign_reviewer(
            actor=user, review=review, reviewer=form.cleaned_data["reviewer"]),
            _("Reviewer assigned.")),
    }  # fmt: skip
    call, done = calls[name]
    return _run(request, form, call, done)


@login_required
def review_material_file(request: AuthedRequest, material_id: int) -> HttpResponseBase:
    """A submitted material's file: read through the case's access door (logged), never from
    /media/, which is not served."""
    material = get_object_or_404(
        ReviewMaterial.objects.select_related("review__case").filter(
            review__in=selectors.reviews_visible_to(user=request.user)
        ),
        pk=material_id,
    )
    if not material.file:
        raise Http404
    case = material.review.case
    if (gate := sections.gate_for(request, case, material.review)) is not None:
        return cast(HttpResponse, gate)
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    name = f"{material.title}{PurePath(material.file.name).suffix}"
    return FileResponse(handle, as_attachment=True, filename=name)


@login_required
def review_detail(request: AuthedRequest, review_id: int) -> HttpResponse:
    review = selectors.get_review_for_user(user=request.user, review_id=review_id)
    # Reading a review is reading the case: the same door (reason where asked, logged).
    if request.method == "GET" and (gate := sections.gate_for(request, review.case, review)):
        return gate
    action_forms = _actions(request, review)
    action = request.POST.get("action", "")
    if request.method == "POST":
        form = action_forms.get(action, forms.ConsultForm({"note": "-"}))
        try:
            known = action in action_forms or action == "escalate"
            if known and _perform(request, review, action, form):
                return redirect(review)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(review)
    user = request.user
    context = {
        "review": review,
        "case": review.case,
        "forms": action_forms,
        "checklist": list(review.checklist.all()),
        "materials": list(review.materials.all()),
        "opinions": list(review.opinions.all()),
        "disagreements": list(review.disagreements.prefetch_related("consultations__by")),
        "diff": selectors.diff_to_previous(review),
        "today": timezone.localdate(),
        "may_review": permissions.may_review(user, review)
        and review.status in (ReviewStatus.PENDING, ReviewStatus.DISPUTED),
        "may_dispute": permissions.can_assess(user, review.case)
        and review.status == ReviewStatus.RETURNED,
        "may_consult": permissions.can_consult(user, review)
        and review.status == ReviewStatus.DISPUTED,
        "may_settle": permissions.can_settle(user, review)
        and review.status == ReviewStatus.ESCALATED,
        "may_extend": permissions.can_extend(user, review)
        and review.status == ReviewStatus.PENDING,
        "may_assign": permissions.can_assign(user, review)
        and review.status == ReviewStatus.PENDING,
        "decisions": list(review.decisions.all()) if hasattr(review, "decisions") else [],
    }
    return render(request, "review/review_detail.html", context)


@login_required
def catalogue_list(request: AuthedRequest) -> HttpResponse:
    agency = request.user.agency
    can_import = agency is not None and permissions.can_manage_catalogue(request.user, agency.pk)
    form = forms.CatalogueImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST":
        if not can_import or agency is None:
            raise PermissionDenied(_("Only a reviewer or administrator of the agency may import."))
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            try:
                result = services.import_catalogue(
                    actor=request.user, agency=agency, data=upload.read(), filename=upload.name,
                    title=data["title"], derived_from=data["derived_from"],
                    effective_from=data["effective_from"], dry_run=data["dry_run"],
                )  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if result.catalogue is not None:
                    messages.success(request, _("Catalogue version %(v)d imported.")
                                     % {"v": result.catalogue.version})  # fmt: skip
                    return redirect(result.catalogue)
    context = {"catalogues": selectors.catalogues_visible_to(user=request.user),
               "form": form, "can_import": can_import, "result": result}  # fmt: skip
    return render(request, "review/catalogue_list.html", context)


@login_required
def catalogue_detail(request: AuthedRequest, catalogue_id: int) -> HttpResponse:
    from django.shortcuts import get_object_or_404

    catalogue = get_object_or_404(
        selectors.catalogues_visible_to(user=request.user), pk=catalogue_id
    )
    return render(request, "review/catalogue_detail.html",
                  {"catalogue": catalogue, "matters": catalogue.matters.all()})  # fmt: skip


@login_required
def catalogue_template(request: AuthedRequest) -> HttpResponse:
    from sanxiang.review.catalogue import template_workbook

    response = HttpResponse(
        template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="review-catalogue-template.xlsx"'
    return response


def money(value: Decimal | None) -> str:
    return "—" if value is None else f"¥{value:,.2f}"
