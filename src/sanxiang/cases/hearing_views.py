"""Workbench pages of the party's rights before a decision: the prior notice, the party's
response, the hearing's schedule and record (行政处罚法 第四十四条、第六十二条至第六十五条),
and the case-page section that shows them. Each page calls the service in ``cases.hearings``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.http import AuthedRequest
from sanxiang.cases import hearings, party_rights, permissions, sections, selectors
from sanxiang.cases.choices import ResponseKind, ServiceMethod, Stage, Transition
from sanxiang.cases.hearing_forms import (
    HearingRecordForm,
    HearingScheduleForm,
    NoticeForm,
    ResponseForm,
)
from sanxiang.cases.models import Case, Hearing, PartyResponse
from sanxiang.core.forms import add_service_errors

_BEFORE_NOTICE = (Stage.FILED, Stage.INVESTIGATION)


def _handled_case(request: AuthedRequest, case_id: int) -> Case:
    return selectors.get_case_for_user(
        user=request.user, case_id=case_id, action=selectors.CaseAction.HANDLE
    )


def _page(request: AuthedRequest, case: Case, form: Any, title: str, intro: str) -> HttpResponse:
    context = {"case": case, "form": form, "title": title, "intro": intro}
    return render(request, "cases/party_rights_form.html", context)


@login_required
def notice_create(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = _handled_case(request, case_id)
    initial = {"facts": case.facts, "legal_basis": case.power_item.legal_basis,
               "notified_on": timezone.localdate(), "method": ServiceMethod.DIRECT}  # fmt: skip
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            hearings.serve_prior_notice(
                actor=request.user, case=case, data=hearings.NoticeData(**form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The prior notice was recorded as served."))
            return redirect(case)
    intro = _("行政处罚法 第四十四条: tell the party the proposed penalty, the facts, reasons and "
              "basis, and the rights to state, defend and, where 第六十三条 applies, to ask for a "
              "hearing. The platform works out the hearing right and prints the notice.")  # fmt: skip
    return _page(request, case, form, _("Prepare and serve the prior notice"), intro)


@login_required
def response_create(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = _handled_case(request, case_id)
    form = ResponseForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hearings.record_response(
                actor=request.user, case=case, kind=ResponseKind(data["kind"]), on=data["on"],
                content=data["content"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The party's response was recorded."))
            return redirect(case)
    intro = _("行政处罚法 第六十二条: no decision while the party may still state and defend, "
              "unless the party's statement or written waiver is recorded. A hearing request "
              "within 5 working days of the notice must be followed by a hearing.")  # fmt: skip
    return _page(request, case, form, _("Record the party's response"), intro)


@login_required
def hearing_schedule(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = _handled_case(request, case_id)
    form = HearingScheduleForm(
        request.POST or None, initial={"party_notified_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            hearings.schedule_hearing(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The hearing was scheduled."))
            return redirect(case)
    intro = _("行政处罚法 第六十四条: notify the party of the time and place at least 7 working "
              "days before the hearing; someone who did not investigate the case presides.")  # fmt: skip
    return _page(request, case, form, _("Schedule the hearing"), intro)


@login_required
def hearing_record(request: AuthedRequest, case_id: int, hearing_id: int) -> HttpResponse:
    case = _handled_case(request, case_id)
    hearing = Hearing.objects.filter(case=case, pk=hearing_id).first()
    if hearing is None:
        raise Http404
    initial = {"held_on": timezone.localdate(hearing.scheduled_at)}
    form = HearingRecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hearings.record_hearing(
                actor=request.user, hearing=hearing, held_on=data["held_on"],
                summary=data["summary"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The hearing record was entered."))
            return redirect(case)
    intro = _(
        "行政处罚法 第六十五条: after the hearing the decision is made on the hearing record."
    )
    return _page(request, case, form, _("Enter the hearing record"), intro)


@sections.register("case")
def party_rights_section(request: Any, case: Case) -> sections.Section | None:
    """The prior notice, the party's responses and hearings, with the next steps as links."""
    if not party_rights.applies_to(case) or case.stage in _BEFORE_NOTICE:
        return None
    notice = party_rights.latest_notice(case)
    responses = list(PartyResponse.objects.filter(case=case).order_by("on", "pk"))
    hearing_rows = list(Hearing.objects.filter(case=case).order_by("scheduled_at", "pk"))
    undecided = case.decided_on is None and not case.is_frozen
    handles = permissions.can_handle(request.user, case) and undecided
    late = notice is None and case.stage not in (Stage.PROPOSAL,) and case.notified_on
    return sections.Section("cases/_party_rights.html", {
        "notice": notice, "responses": responses, "hearings": hearing_rows,
        "statement_due": party_rights.statement_period(notice).due if notice else None,
        "request_due": party_rights.hearing_request_period(notice).due if notice else None,
        "can_notify": handles and (case.stage == Stage.PROPOSAL or bool(late)),
        "can_respond": handles and notice is not None,
        "can_schedule": handles and any(r.kind == ResponseKind.HEARING_REQUEST for r in responses),
        "can_record": handles,
        "decision_blocked": party_rights.decision_guard(case, Transition.MAKE_DECISION)
        if undecided
        else None,
    })  # fmt: skip
