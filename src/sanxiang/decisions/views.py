"""Workbench pages of decisions: make one, read it (with everyone's part), serve, pay."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.http import AuthedRequest
from sanxiang.cases import limits, procedure, sections
from sanxiang.cases.choices import Procedure, ServiceMethod
from sanxiang.cases.deadlines import summary_filing_deadline
from sanxiang.cases.selectors import get_case_for_user
from sanxiang.cases.services import record_summary_filing
from sanxiang.core.forms import add_service_errors
from sanxiang.core.reauth import reauth_required
from sanxiang.decisions import deadlines, forms, permissions, selectors, services
from sanxiang.decisions.choices import (
    ArrangementKind,
    DecisionStatus,
    ExecutionKind,
    PaymentChannel,
    RemedyKind,
    RemedyOutcome,
)
from sanxiang.review.gate import gate_state


@login_required
def decision_list(request: AuthedRequest) -> HttpResponse:
    rows = selectors.decisions_visible_to(user=request.user)[:200]
    return render(request, "decisions/decision_list.html", {"rows": rows})


@login_required
@reauth_required  # deciding is a sensitive act: asked before the form is filled in
def decision_new(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(user=request.user, case_id=case_id)
    if not permissions.can_decide_case(request.user, case):
        raise PermissionDenied(services.deciders_message(case))
    state = gate_state(case)
    initial: dict[str, Any] = _summary_initial(case)
    if state.latest is not None:
        initial = {"content": state.latest.proposed_decision,
                   "penalty_types": state.latest.proposed_penalties,
                   "fine": state.latest.proposed_fine,
                   "confiscation": state.latest.proposed_confiscation,
                   "discretion_reasoning": state.latest.discretion_reasoning,
                   "facts": case.facts, "legal_basis": case.power_item.legal_basis}  # fmt: skip
    form = forms.DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.make_decision(actor=request.user, case=case, data=services.DecisionData(
                facts=data["facts"], content=data["content"], legal_basis=data["legal_basis"],
                penalty_types=data["penalty_types"], fine=data["fine"],
                confiscation=data["confiscation"], discretion_reasoning=data["discretion_reasoning"],
                collective_discussion=data["collective_discussion"], number=data["number"],
                licensing_outcome=data["licensing_outcome"], place=data["place"],
                mitigation=data["mitigation"], mitigation_reasoning=data["mitigation_reasoning"],
            ))  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Decision %(n)s made.") % {"n": decision.number})
            return redirect(decision)
    context = {"case": case, "form": form, "refusal": state.refusal(), "state": state,
               "summary_limits": _summary_limits(case), "duties": limits.duties(case)}  # fmt: skip
    return render(request, "decisions/decision_form.html", context)


def _summary_initial(case: Any) -> dict[str, Any]:
    if case.procedure != Procedure.SUMMARY:
        return {}
    return {"facts": case.facts, "legal_basis": case.power_item.legal_basis, "place": case.place}


def _summary_limits(case: Any) -> dict[str, Any] | None:
    """What may be decided on the spot here (行政处罚法 第五十一条), shown above the form."""
    if case.procedure != Procedure.SUMMARY:
        return None
    limits = procedure.limits_for(case)
    return {"limit": procedure.fine_limit(case, limits), "basis": limits.basis}


def _act(request: AuthedRequest, decision: Any, action: str, form: Form) -> bool:
    if not form.is_valid():
        return False
    data, user = form.cleaned_data, request.user
    try:
        if action == "serve":
            services.serve_decision(actor=user, decision=decision, method=ServiceMethod(data["method"]),
                                    served_on=data["served_on"], recipient=data["recipient"],
                                    note=data["note"])  # fmt: skip
        elif action == "payment":
            services.record_payment(actor=user, decision=decision, amount=data["amount"],
                                    paid_on=data["paid_on"], channel=PaymentChannel(data["channel"]),
                                    receipt_number=data["receipt_number"])  # fmt: skip
        elif action == "execution":
            services.record_execution(actor=user, decision=decision, kind=ExecutionKind(data["kind"]),
                                      on=data["on"], note=data["note"])  # fmt: skip
        elif action == "change":
            services.change_decision_status(actor=user, decision=decision,
                                            status=DecisionStatus(data["status"]),
                                            reason=data["reason"], basis=data["basis"], on=data["on"])  # fmt: skip
        elif action == "remedy":
            services.record_remedy(actor=user, decision=decision, kind=RemedyKind(data["kind"]),
                                   filed_on=data["filed_on"], body=data["body"],
                                   reference=data["reference"],
                                   copy_received_on=data["copy_received_on"])  # fmt: skip
        elif action == "arrange":
            services.arrange_payment(actor=user, decision=decision,
                                     kind=ArrangementKind(data["kind"]), reason=data["reason"],
                                     instalments=data["instalments"], on=data["on"])  # fmt: skip
        elif action == "answer":
            services.record_remedy_answer(actor=user, remedy=data["remedy"],
                                          copy_received_on=data["copy_received_on"],
                                          answered_on=data["answered_on"])  # fmt: skip
        elif action == "filing":
            record_summary_filing(actor=user, case=decision.case, on=data["on"],
                                  note=data["note"])  # fmt: skip
        elif action == "outcome":
            services.record_remedy_outcome(actor=user, remedy=data["remedy"],
                                           outcome=RemedyOutcome(data["outcome"]), on=data["on"],
                                           note=data["note"])  # fmt: skip
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    except PermissionDenied as error:
        form.add_error(None, str(error))
        return False
    messages.success(request, _("Recorded."))
    return True


def _changes_decision(request: Any) -> bool:
    return request.method == "POST" and request.POST.get("action") == "change"


@login_required
@reauth_required(when=_changes_decision)
def decision_detail(request: AuthedRequest, decision_id: int) -> HttpResponse:
    decision = selectors.get_decision_for_user(user=request.user, decision_id=decision_id)
    # Reading a decision is reading the case: the same door (reason where asked, logged).
    if request.method == "GET" and (gate := sections.gate_for(request, decision.case, decision)):
        return gate
    action = request.POST.get("action", "") if request.method == "POST" else ""
    today = timezone.localdate()
    classes = {"serve": forms.ServeForm, "payment": forms.PaymentForm,
               "execution": forms.ExecutionForm, "change": forms.ChangeForm,
               "remedy": forms.RemedyForm, "outcome": forms.OutcomeForm,
               "arrange": forms.ArrangementForm, "answer": forms.AnswerForm,
               "filing": forms.SummaryFilingForm}  # fmt: skip
    bound = {name: cls(request.POST if action == name else None,
                       initial={"served_on": today, "paid_on": today, "on": today,
                                "filed_on": today,
                                # 行政复议法 第二十四条: the body the served decision named
                                "body": decision.agency.reconsideration_organ},
                       # Several forms share field names (on, note, kind…): ids must not.
                       auto_id=f"id_{name}_%s")
             for name, cls in classes.items()}  # fmt: skip
    open_remedies = decision.remedies.filter(outcome="")
    bound["outcome"].fields["remedy"].queryset = open_remedies  # type: ignore[attr-defined]
    bound["answer"].fields["remedy"].queryset = open_remedies.filter(  # type: ignore[attr-defined]
        answered_on__isnull=True
    )
    if action in bound and _act(request, decision, action, bound[action]):
        return redirect(decision)
    review = decision.review
    context = {
        "decision": decision,
        "case": decision.case,
        "forms": bound,
        "services": decision.services.select_related("receipt"),
        "payments": decision.payments.all(),
        "executions": decision.executions.all(),
        "changes": decision.changes.all(),
        "remedies": decision.remedies.all(),
        "open_remedies": open_remedies.exists(),
        "can_remedy": permissions.can_record_remedy(request.user, decision),
        "review": review,
        "opinions": review.opinions.all() if review else [],
        "disagreements": review.disagreements.all() if review else [],
        "events": decision.case.events.select_related("actor"),
        "can_serve": permissions.can_serve(request.user, decision),
        "can_pay": permissions.can_record_payment(request.user, decision),
        "can_change": permissions.can_change_status(request.user, decision) and decision.in_force,
        "publication_due": selectors.publication_due(decision),
        "filing": _filing(request, decision),
        "can_arrange": permissions.can_decide(request.user, decision.agency_id)
        and deadlines.fine_outstanding(decision)
        and decision.services.exists(),
        "arrangements": decision.arrangements.prefetch_related("instalments"),
        **_after_decision(decision),
    }
    return render(request, "decisions/decision_detail.html", context)


def _filing(request: AuthedRequest, decision: Any) -> dict[str, Any] | None:
    """The 备案 of an on-the-spot decision (第五十二条): its deadline, or who recorded it."""
    case = decision.case
    if case.procedure != Procedure.SUMMARY:
        return None
    return {
        "filed_on": case.summary_filed_on, "filed_by": case.summary_filed_by,
        "deadline": summary_filing_deadline(case),
        "can_record": permissions.can_record_summary_filing(request.user, decision),
    }  # fmt: skip


def _after_decision(decision: Any) -> dict[str, Any]:
    """The periods after the decision, from its deemed service, and the surcharge owed."""
    surcharge = deadlines.surcharge(decision)
    return {
        "payment_due": deadlines.payment_deadline(decision),
        "surcharge": f"{surcharge:,.2f}" if surcharge else "",
        "demand_due": deadlines.demand_deadline(decision),
        "court_window": deadlines.court_window(decision)
        if deadlines.fine_outstanding(decision) else None,
        "answers": [(r, deadlines.answer_deadline(r)) for r in decision.remedies.all()],
    }  # fmt: skip


@login_required
def judicial_transfer(request: AuthedRequest, case_id: int) -> HttpResponse:
    """Record a transfer of the case to the judicial organs (移送司法机关)."""
    case = get_case_for_user(user=request.user, case_id=case_id)
    if not permissions.can_transfer(request.user, case):
        raise PermissionDenied(
            _("Only the case's handling officers or the agency head may do this.")
        )
    form = forms.TransferForm(
        request.POST or None, initial={"transferred_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_judicial_transfer(
                actor=request.user, case=case, transferred_on=data["transferred_on"],
                organ=data["organ"], offence=data["offence"], reference=data["reference"],
                note=data["note"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect(case)
    context = {"case": case, "form": form, "transfers": case.judicial_transfers.all()}
    return render(request, "decisions/judicial_transfer.html", context)
