"""Forms of decisions (the services validate)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanxiang.cases.choices import ServiceMethod
from sanxiang.decisions.choices import (
    DecisionStatus,
    ExecutionKind,
    LicensingOutcome,
    PaymentChannel,
    PenaltyType,
    RemedyKind,
    RemedyOutcome,
)
from sanxiang.decisions.models import Remedy

# ISO values: a date field shows nothing (and blocks the form) for "2026/12/05".
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DecisionForm(forms.Form):
    number = forms.CharField(
        label=_("Document number"), required=False, help_text=_("Leave empty to number it.")
    )
    facts = forms.CharField(
        label=_("Facts of the violation"), widget=forms.Textarea(attrs={"rows": 3})
    )
    content = forms.CharField(
        label=_("Content of the decision"), widget=forms.Textarea(attrs={"rows": 3})
    )
    licensing_outcome = forms.ChoiceField(
        label=_("Licensing outcome"), required=False,
        choices=[("", "—"), *LicensingOutcome.choices],
        help_text=_("Licensing decisions only: granted or refused."),
    )  # fmt: skip
    penalty_types = forms.MultipleChoiceField(
        label=_("Penalty types"), choices=PenaltyType.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    fine = forms.DecimalField(label=_("Fine (yuan)"), required=False, decimal_places=2)
    confiscation = forms.DecimalField(
        label=_("Confiscation (yuan)"), required=False, decimal_places=2
    )
    legal_basis = forms.CharField(label=_("Legal basis"), widget=forms.Textarea(attrs={"rows": 2}))
    discretion_reasoning = forms.CharField(
        label=_("Discretion applied"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    collective_discussion = forms.CharField(
        label=_("Collective discussion record"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("行政处罚法 第五十七条 第二款: complex or serious cases are discussed by the heads."),
    )  # fmt: skip
    place = forms.CharField(
        label=_("Place of the on-the-spot decision"), required=False, max_length=200,
        help_text=_("Summary procedure only (行政处罚法 第五十二条); the case's place by default."),
    )  # fmt: skip


class SummaryFilingForm(forms.Form):
    """备案 of an on-the-spot decision with the agency (行政处罚法 第五十二条)."""

    on = forms.DateField(label=_("Filed with the agency on"), widget=DATE)
    note = forms.CharField(label=_("Filing note"), required=False, max_length=500)


class ServeForm(forms.Form):
    method = forms.ChoiceField(label=_("Service method"), choices=ServiceMethod.choices)
    served_on = forms.DateField(label=_("Served on"), widget=DATE)
    recipient = forms.CharField(label=_("Received by"))
    note = forms.CharField(label=_("Note"), required=False)


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (yuan)"), decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    channel = forms.ChoiceField(label=_("Reported by"), choices=PaymentChannel.choices)
    receipt_number = forms.CharField(label=_("Payment voucher number"))


class ExecutionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ExecutionKind.choices)
    on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False)


class ChangeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[c for c in DecisionStatus.choices if c[0] != DecisionStatus.IN_FORCE],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    basis = forms.CharField(label=_("By"))
    on = forms.DateField(label=_("Effective on"), widget=DATE)


class RemedyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RemedyKind.choices)
    filed_on = forms.DateField(label=_("Applied or filed on"), widget=DATE)
    body = forms.CharField(label=_("Reconsideration body or court"))
    reference = forms.CharField(label=_("Case number"), required=False)


class OutcomeForm(forms.Form):
    remedy = forms.ModelChoiceField(
        label=_("Reconsideration or lawsuit"), queryset=Remedy.objects.none()
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=RemedyOutcome.choices)
    on = forms.DateField(label=_("Decided or judged on"), widget=DATE)
    note = forms.CharField(
        label=_("Decision or judgment"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Its number and gist."),
    )  # fmt: skip


class TransferForm(forms.Form):
    transferred_on = forms.DateField(label=_("Transferred on"), widget=DATE)
    organ = forms.CharField(label=_("Transferred to"), help_text=_("e.g. 天津市公安局东丽分局."))
    offence = forms.CharField(label=_("Suspected offence"))
    reference = forms.CharField(label=_("Transfer letter number"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
