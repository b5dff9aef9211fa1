"""Workbench pages of cases: the register, filing, the case page, acts and the party file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanxiang.agencies.http import AuthedRequest
from sanxiang.agencies.models import Officer
from sanxiang.cases import limits, permissions, register, sections, selectors, services
from sanxiang.cases.choices import (
    ActKind,
    ApprovalKind,
    PartyKind,
    PersonalField,
    RulesFlag,
    Stage,
    Transition,
)
from sanxiang.cases.deadlines import deadlines_for, next_deadline
from sanxiang.cases.forms import (
    ActForm,
    ApprovalForm,
    CaseForm,
    CompleteActForm,
    ExtensionBasisForm,
    ExtensionForm,
    PartyFields,
    RegisterFilterForm,
    TransitionForm,
    ViolationForm,
)
from sanxiang.cases.models import Act, Case, Party
from sanxiang.core.audit import record_export
from sanxiang.core.clients import client_address
from sanxiang.core.forms import add_service_errors
from sanxiang.core.reauth import reauth_required

PAGE_SIZE = 50


def _agency_officers(request: AuthedRequest) -> Any:
    return Officer.objects.filter(agency=request.user.agency).order_by("name")


def _exports(request: AuthedRequest) -> bool:
    return request.GET.get("format") == "xlsx"


@login_required
@reauth_required(when=_exports, download=True)
def case_list(request: AuthedRequest) -> HttpResponse:
    form = RegisterFilterForm(request.GET or None)
    cases = selectors.register_rows(user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    cases = selectors.filter_register(cases, data, user=request.user)
    if request.GET.get("format") == "xlsx" and form.is_valid():
        response = HttpResponse(
            register.workbook(cases.iterator(chunk_size=500)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"case-register-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        record_export(request, what="case-register", query=request.GET.urlencode())
        return response
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(case, next_deadline(case)) for case in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form, "page": page, "rows": rows, "today": timezone.localdate(),
        "query": query.urlencode(),
        "can_open": request.user.agency is not None
        and permissions.can_open_case(request.user, request.user.agency),
    }  # fmt: skip
    return render(request, "cases/case_list.html", context)


@login_required
def case_create(request: AuthedRequest) -> HttpResponse:
    agency = request.user.agency
    if agency is None or not permissions.can_open_case(request.user, agency):
        raise PermissionDenied(_("Only an officer of the agency may file a case."))
    form = CaseForm(
        request.POST or None,
        power_items=selectors.power_items_for(user=request.user),
        officers=_agency_officers(request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.open_case(
                actor=request.user, power_item=data["power_item"], procedure=data["procedure"],
                title=data["title"], source=data["source"], filed_on=data["filed_on"],
                officers=list(data["officers"]), lead=data["lead"], parties=[form.party_data()],
                facts=data["facts"], place=data["place"], violation=form.violation_data(),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case %(number)s filed.") % {"number": case.number})
            return redirect(case)
    return render(request, "cases/case_form.html", {"form": form})


def _timeline(case: Case) -> list[dict[str, Any]]:
    """Filing, stage changes and acts in the order they happened (records join it later).

    A stage change is shown on the day it took effect (``on``), which may be earlier than
    the moment it was recorded (``at``, kept as the tie-breaker and shown beside it).
    """
    items: list[dict[str, Any]] = [
        {"day": case.filed_on, "at": case.created_at, "kind": "filed",
         "title": _("Case filed"), "by": case.filed_by}
    ]  # fmt: skip
    items += [
        {"day": e.on, "at": e.at, "kind": "event", "title": e.get_transition_display(),
         "by": e.actor, "detail": e.reason, "stage": e.get_to_stage_display(),
         "ledger": e.ledger_seq}
        for e in case.events.all()
    ]  # fmt: skip
    items += [
        {"day": timezone.localtime(a.started_at).date(), "at": a.started_at, "kind": "act",
         "time": a.started_at, "title": a.get_kind_display(), "by": a.recorded_by,
         "detail": a.summary, "act": a}
        for a in case.acts.all()
    ]  # fmt: skip
    return sorted(items, key=lambda item: (item["day"], item["at"]))


@login_required
def case_detail(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = selectors.case_detail(
        case=selectors.get_case_for_user(user=request.user, case_id=case_id)
    )
    if (gate := sections.gate_for(request, case, case)) is not None:
        return gate
    context = {
        "case": case,
        "deadlines": deadlines_for(case),
        "today": timezone.localdate(),
        "actions": selectors.case_actions(user=request.user, case=case),
        "timeline": _timeline(case),
        "can_handle": permissions.can_handle(request.user, case) and not case.is_frozen,
        "can_extend": permissions.can_approve_extension(request.user, case)
        and case.decided_on is None
        and not case.is_frozen,
        "transition_form": TransitionForm(),
        "sections": sections.sections_for("case", request, case),
        **_limits_context(request, case),
    }
    return render(request, "cases/case_detail.html", context)


def _limits_context(request: AuthedRequest, case: Case) -> dict[str, Any]:
    """What the case page says about punishing at all, the data to complete and approvals."""
    is_head = permissions.can_approve_extension(request.user, case) and not case.is_frozen
    given = {a.kind for a in case.approvals.all()}
    return {
        "duties": limits.duties(case),
        "limitation": limits.limitation_summary(case),
        "flags": [RulesFlag(f).label for f in case.rules_flags or [] if f in RulesFlag.values],
        "can_record_violation": permissions.can_record_violation(request.user, case),
        "extension_basis_missing": is_head
        and RulesFlag.EXTENSION_BASIS_MISSING in (case.rules_flags or []),
        "approvals": list(case.approvals.select_related("approved_by")),
        "can_approve": [
            kind for kind in (ApprovalKind.FILING, ApprovalKind.CLOSING)
            if is_head and kind not in given and services.approvable(case, kind)
        ],
    }  # fmt: skip


@login_required
def case_violation(request: AuthedRequest, case_id: int) -> HttpResponse:
    """Record when the violation happened and the finding on capacity (第三十条、第三十一条、
    第三十六条); the head completes cases filed before these rules."""
    case = selectors.get_case_for_user(user=request.user, case_id=case_id)
    if not permissions.can_record_violation(request.user, case):
        raise PermissionDenied(_("Only the case's handling officers may do this."))
    initial = {
        "violation_on": case.violation_on, "violation_continuing": case.violation_continuing,
        "violation_ended_on": case.violation_ended_on,
        "limitation_extended": case.limitation_extended,
        "limitation_reason": case.limitation_reason, "responsibility": case.responsibility,
        "responsibility_basis": case.responsibility_basis,
    }  # fmt: skip
    form = ViolationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_violation(
                actor=request.user, case=case, violation=form.violation_data(),
                responsibility=form.cleaned_data["responsibility"],
                responsibility_basis=form.cleaned_data["responsibility_basis"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The violation and the finding on capacity are recorded."))
            return redirect(case)
    return render(request, "cases/violation_form.html", {"form": form, "case": case})


@login_required
def case_approve(request: AuthedRequest, case_id: int, kind: str) -> HttpResponse:
    """The head approves the filing or the closing (立案审批, 结案审批)."""
    case = selectors.get_case_for_user(user=request.user, case_id=case_id)
    if kind not in (ApprovalKind.FILING, ApprovalKind.CLOSING):
        raise Http404
    if not permissions.can_approve_extension(request.user, case):
        raise PermissionDenied(_("Only the agency head approves."))
    default = _("Approved: file the case.") if kind == ApprovalKind.FILING else _(
        "Approved: close the case."
    )  # fmt: skip
    form = ApprovalForm(request.POST or None, initial={"opinion": default,
                                                      "on": timezone.localdate()})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.approve(actor=request.user, case=case, kind=ApprovalKind(kind),
                             **form.cleaned_data)  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Approval recorded."))
            return redirect(case)
    context = {"form": form, "case": case, "kind": ApprovalKind(kind)}
    return render(request, "cases/approval_form.html", context)


@login_required
@require_POST
def case_transition(request: AuthedRequest, case_id: int, transition: str) -> HttpResponse:
    case = selectors.get_case_for_user(user=request.user, case_id=case_id)
    if transition not in Transition.values:
        raise Http404
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.transition_case(
                actor=request.user, case=case, transition=Transition(transition),
                on=form.cleaned_data["on"], reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": Transition(transition).label})
    else:
        messages.error(request, _("The date is not valid."))
    return redirect(case)


@login_required
def case_extend(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = selectors.get_case_for_user(user=request.user, case_id=case_id)
    if not permissions.can_approve_extension(request.user, case):
        raise PermissionDenied(_("Only the agency head approves an extension."))
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extend_deadline(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision period was extended."))
            return redirect(case)
    return render(request, "cases/extension_form.html", {"form": form, "case": case})


@login_required
def party_add(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = selectors.get_case_for_user(
        user=request.user, case_id=case_id, action=selectors.CaseAction.HANDLE
    )
    form = PartyFields(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_party(actor=request.user, case=case, party=form.party_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Party added."))
            return redirect(case)
    return render(request, "cases/party_form.html", {"form": form, "case": case})


@login_required
def act_create(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = selectors.get_case_for_user(
        user=request.user, case_id=case_id, action=selectors.CaseAction.HANDLE
    )
    officers = Officer.objects.filter(agency_id=case.agency_id).order_by("name")
    initial = {"officers": list(case.officers.all()), "place": case.place}
    form = ActForm(request.POST or None, officers=officers, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            act = services.record_act(
                actor=request.user, case=case, kind=ActKind(data["kind"]),
                started_at=data["started_at"], place=data["place"], summary=data["summary"],
                officers=list(data["officers"]), outcome=data["outcome"],
                service_method=data["service_method"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Act recorded."))
            return redirect(act)
    return render(request, "cases/act_form.html", {"form": form, "case": case})


def _act_for_user(request: AuthedRequest, act_id: int) -> Act:
    act = (
        Act.objects.select_related("case", "recorded_by")
        .prefetch_related("act_officers__officer")
        .filter(pk=act_id, case__in=selectors.cases_visible_to(user=request.user))
        .first()
    )
    if act is None:
        raise Http404
    return act


@login_required
def act_detail(request: AuthedRequest, act_id: int) -> HttpResponse:
    act = _act_for_user(request, act_id)
    if (gate := sections.gate_for(request, act.case, act)) is not None:
        return gate
    can_complete = (
        permissions.can_handle(request.user, act.case)
        and act.status != "completed"
        and act.case.stage not in (Stage.ARCHIVED,)
    )
    form = CompleteActForm(
        request.POST or None, initial={"ended_at": timezone.localtime().replace(second=0)}
    )
    if request.method == "POST":
        if not can_complete:
            raise PermissionDenied(_("Only the case's handling officers may do this."))
        if form.is_valid():
            try:
                services.complete_act(actor=request.user, act=act, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Act completed."))
                return redirect(act)
    context = {
        "act": act, "case": act.case, "form": form, "can_complete": can_complete,
        "sections": sections.sections_for("act", request, act),
    }  # fmt: skip
    return render(request, "cases/act_detail.html", context)


def _party_page(
    request: AuthedRequest, party: Party, revealed: dict[str, str] | None = None
) -> HttpResponse:
    cases = selectors.cases_of_party(user=request.user, party=party)
    acts = Act.objects.filter(case__in=cases).select_related("case").order_by("-started_at")
    context = {
        "party": party, "cases": cases, "acts": acts[:200], "today": dt.date.today(),
        "sections": sections.sections_for("party", request, party),
        "personal": _personal_rows(request, party, revealed or {}),
    }  # fmt: skip
    return render(request, "cases/party_detail.html", context)


def _personal_rows(
    request: AuthedRequest, party: Party, revealed: dict[str, str]
) -> list[dict[str, Any]]:
    """The party's personal data, masked unless just revealed (core.pii)."""
    may_reveal = permissions.can_reveal_personal_data(request.user, party)
    shown = {
        PersonalField.ID_NUMBER: party.masked_id_number,
        PersonalField.PHONE: party.masked_phone,
        PersonalField.ADDRESS: party.masked_address,
    }
    return [
        {
            "field": field, "label": field.label, "value": revealed.get(field, masked),
            "revealed": field in revealed, "may_reveal": may_reveal and bool(masked),
        }
        for field, masked in shown.items()
        if field != PersonalField.ID_NUMBER or party.kind == PartyKind.NATURAL_PERSON
    ]  # fmt: skip


@login_required
def party_detail(request: AuthedRequest, party_id: int) -> HttpResponse:
    party = selectors.get_party_for_user(user=request.user, party_id=party_id)
    if (gate := sections.gate_for(request, None, party)) is not None:
        return gate
    return _party_page(request, party)


@login_required
@require_POST
def party_reveal(request: AuthedRequest, party_id: int, field: str) -> HttpResponse:
    """Show one personal field in full, to those allowed; each showing is logged."""
    party = selectors.get_party_for_user(user=request.user, party_id=party_id)
    if field not in PersonalField.values:
        raise Http404
    if not permissions.can_reveal_personal_data(request.user, party):
        raise PermissionDenied(_("You may not see this party's personal data in full."))
    if (gate := sections.gate_for(request, None, party)) is not None:
        return gate
    value = services.reveal_personal_data(
        actor=request.user, party=party, field=PersonalField(field),
        address=client_address(request),
    )  # fmt: skip
    return _party_page(request, party, {field: value})


@login_required
def case_extension_basis(request: AuthedRequest, case_id: int) -> HttpResponse:
    """The head records the provision behind an extension approved before the rule (第六十条)."""
    case = selectors.get_case_for_user(user=request.user, case_id=case_id)
    if not permissions.can_approve_extension(request.user, case):
        raise PermissionDenied(_("Only the agency head approves an extension."))
    form = ExtensionBasisForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_extension_basis(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The provision allowing the extension is recorded."))
            return redirect(case)
    return render(request, "cases/extension_basis_form.html", {"form": form, "case": case})
