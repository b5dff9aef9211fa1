"""Forms of decisions (the services validate)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from sanxiang.cases.choices import Mitigation, ServiceMethod
from sanxiang.core.forms import DateInput
from sanxiang.decisions.choices import (
    ArrangementKind,
    DecisionStatus,
    ExecutionKind,
    LicensingOutcome,
    PaymentChannel,
    PenaltyType,
    RemedyKind,
    RemedyOutcome,
)
from sanxiang.decisions.models import Remedy

DATE = DateInput()


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
    mitigation = forms.ChoiceField(
        label=_("Mitigation of the penalty"), required=False, choices=Mitigation.choices,
        help_text=_("行政处罚法 第三十条: a party aged 14 to 18 at the violation is punished lighter "
                    "or reduced (第三十一条 likewise may apply)."),
    )  # fmt: skip
    mitigation_reasoning = forms.CharField(
        label=_("Reasons for the mitigation"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
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
    # A deferral is approved by the head with its dates (ArrangementForm), not recorded here.
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[c for c in ExecutionKind.choices if c[0] != ExecutionKind.DEFERRED],
    )
    on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False)


class ArrangementForm(forms.Form):
    """Deferral or instalments (行政处罚法 第六十六条第二款), approved by the head."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ArrangementKind.choices)
    reason = forms.CharField(
        label=_("The party's application and reason"), widget=forms.Textarea(attrs={"rows": 2})
    )
    instalments = forms.CharField(
        label=_("New dates and amounts"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line each: the date and the amount, e.g. 2027-01-15 1000. A deferral "
                    "has one line; the amounts add up to what is still owed."),
    )  # fmt: skip
    on = forms.DateField(label=_("Approved on"), widget=DATE)

    def clean_instalments(self) -> list[tuple[dt.date, Decimal]]:
        rows = []
        for line in self.cleaned_data["instalments"].splitlines():
            if not line.strip():
                continue
            try:
                day, amount = line.replace("，", " ").replace(",", " ").split()
                rows.append((dt.date.fromisoformat(day), Decimal(amount)))
            except (ValueError, ArithmeticError) as error:
                raise forms.ValidationError(
                    _("Write each line as a date and an amount, e.g. 2027-01-15 1000.")
                ) from error
        return rows


class AnswerForm(forms.Form):
    """The copy of the application or complaint received, and the agency's answer."""

    remedy = forms.ModelChoiceField(
        label=_("Reconsideration or lawsuit"), queryset=Remedy.objects.none()
    )
    copy_received_on = forms.DateField(
        label=_("Copy received on"), widget=DATE, required=False,
        help_text=_("The answer is due 10 working days (reconsideration) or 15 days (lawsuit) "
                    "after it."),
    )  # fmt: skip
    answered_on = forms.DateField(label=_("Answered on"), widget=DATE, required=False)


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
    copy_received_on = forms.DateField(
        label=_("Copy received on"), widget=DATE, required=False,
        help_text=_("The day the copy of the application or complaint reached the agency."),
    )  # fmt: skip


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
