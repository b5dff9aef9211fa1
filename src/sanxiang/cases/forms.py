"""Forms of the case pages. They parse input; the services decide what is allowed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.choices import PowerCategory
from sanxiang.agencies.models import Officer, PowerItem
from sanxiang.cases.choices import (
    ActKind,
    CaseSource,
    PartyKind,
    Procedure,
    Responsibility,
    ServiceMethod,
    Stage,
)
from sanxiang.cases.limits import ViolationData
from sanxiang.cases.services import PartyData
from sanxiang.core.forms import DateInput, DateTimeInput

DATE_INPUT = DateInput()
DATETIME_INPUT = DateTimeInput()


class PartyFields(forms.Form):
    party_kind = forms.ChoiceField(label=_("Kind of party"), choices=PartyKind.choices)
    party_name = forms.CharField(label=_("Party's name"), max_length=200)
    party_id_number = forms.CharField(
        label=_("ID number"),
        max_length=18,
        required=False,
        help_text=_("For a natural person: the 18-digit ID number; the last character may be X."),
    )
    party_uscc = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        required=False,
        help_text=_("For a legal person or other organisation."),
    )
    party_legal_representative = forms.CharField(
        label=_("Legal representative"), max_length=50, required=False
    )
    party_address = forms.CharField(label=_("Address"), max_length=200, required=False)
    party_phone = forms.CharField(label=_("Telephone"), max_length=50, required=False)
    same_person_confirmed = forms.BooleanField(
        label=_("Confirmed: the same person as the party on record"), required=False,
        help_text=_("Only when the ID number or credit code is on record under another name "
                    "and you have checked that it is the same person (e.g. a changed name)."),
    )  # fmt: skip

    def party_data(self) -> PartyData:
        data = self.cleaned_data
        return PartyData(
            kind=data["party_kind"], name=data["party_name"], id_number=data["party_id_number"],
            uscc=data["party_uscc"], legal_representative=data["party_legal_representative"],
            address=data["party_address"], phone=data["party_phone"],
            same_person_confirmed=data["same_person_confirmed"],
        )  # fmt: skip


class ViolationFields(forms.Form):
    """When the violation happened (行政处罚法 第三十六条: the limitation period)."""

    violation_on = forms.DateField(
        label=_("Violation committed on"), widget=DATE_INPUT, required=False,
        help_text=_("Penalty cases: the limitation period (two years, or five) runs from it."),
    )  # fmt: skip
    violation_continuing = forms.BooleanField(
        label=_("Continuing or repeated violation"), required=False
    )
    violation_ended_on = forms.DateField(
        label=_("Continuing violation ended on"), widget=DATE_INPUT, required=False,
        help_text=_("Empty while it goes on; the period then runs from its end."),
    )  # fmt: skip
    limitation_extended = forms.BooleanField(
        label=_("Five-year limitation period"), required=False,
        help_text=_("It concerns citizens' life and health or financial security and had "
                    "harmful consequences."),
    )  # fmt: skip
    limitation_reason = forms.CharField(
        label=_("Why the five-year period applies"), widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )  # fmt: skip

    def violation_data(self) -> ViolationData:
        data = self.cleaned_data
        return ViolationData(
            committed_on=data["violation_on"], continuing=data["violation_continuing"],
            ended_on=data["violation_ended_on"], extended=data["limitation_extended"],
            extension_reason=data["limitation_reason"],
        )  # fmt: skip


class ViolationForm(ViolationFields):
    responsibility = forms.ChoiceField(
        label=_("Finding on capacity (行政处罚法 第三十一条)"), choices=Responsibility.choices,
        required=False,
    )  # fmt: skip
    responsibility_basis = forms.CharField(
        label=_("Basis of the finding on capacity"), widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )  # fmt: skip


class ApprovalForm(forms.Form):
    opinion = forms.CharField(
        label=_("Approval opinion"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("As it will be printed on the approval form, e.g. 同意立案."),
    )  # fmt: skip
    on = forms.DateField(label=_("Approved on"), widget=DATE_INPUT)


class CaseForm(PartyFields, ViolationFields):
    power_item = forms.ModelChoiceField(label=_("Power item"), queryset=PowerItem.objects.none())
    procedure = forms.ChoiceField(label=_("Procedure"), choices=Procedure.choices)
    title = forms.CharField(label=_("Cause of action"), max_length=200)
    source = forms.ChoiceField(label=_("Source"), choices=CaseSource.choices)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    facts = forms.CharField(label=_("Facts found at filing"), widget=forms.Textarea, required=False)
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE_INPUT)
    officers = forms.ModelMultipleChoiceField(
        label=_("Handling officers"),
        queryset=Officer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least two, each with a credential valid for the matter's domain."),
    )
    lead = forms.ModelChoiceField(label=_("Lead handler"), queryset=Officer.objects.none())
    field_order = [
        "power_item", "procedure", "title", "source", "place", "facts", "filed_on",
        "violation_on", "violation_continuing", "violation_ended_on", "limitation_extended",
        "limitation_reason", "officers", "lead",
    ]  # fmt: skip

    def __init__(
        self,
        *args: Any,
        power_items: QuerySet[PowerItem],
        officers: QuerySet[Officer],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["power_item"].queryset = power_items  # type: ignore[attr-defined]
        self.fields["officers"].queryset = officers  # type: ignore[attr-defined]
        self.fields["lead"].queryset = officers  # type: ignore[attr-defined]
        self.fields["filed_on"].initial = timezone.localdate()


class TransitionForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT, required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, required=False)


class ExtensionBasisForm(forms.Form):
    legal_basis = forms.CharField(
        label=_("Provision allowing the extension"), max_length=300,
        help_text=_("The law, regulation or rule and its article (行政处罚法 第六十条 allows "
                    "none by itself)."),
    )  # fmt: skip
    allowed_days = forms.IntegerField(
        label=_("Days the provision allows"), min_value=1, max_value=365
    )


class ExtensionForm(forms.Form):
    legal_basis = forms.CharField(
        label=_("Provision allowing the extension"), max_length=300,
        help_text=_("The law, regulation or rule and its article (行政处罚法 第六十条 allows "
                    "none by itself)."),
    )  # fmt: skip
    allowed_days = forms.IntegerField(
        label=_("Days the provision allows"), min_value=1, max_value=365
    )
    days = forms.IntegerField(label=_("Days added"), min_value=1, max_value=365)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea)


class ActForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of act"), choices=ActKind.choices)
    started_at = forms.DateTimeField(label=_("Started at"), widget=DATETIME_INPUT)
    place = forms.CharField(label=_("Place"), max_length=200)
    officers = forms.ModelMultipleChoiceField(
        label=_("Officers present"),
        queryset=Officer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least two, each showing a credential valid on the day of the act."),
    )
    summary = forms.CharField(label=_("What was done"), widget=forms.Textarea)
    outcome = forms.CharField(label=_("What it produced"), widget=forms.Textarea, required=False)
    service_method = forms.ChoiceField(
        label=_("Service method"),
        choices=[("", "—"), *ServiceMethod.choices],
        required=False,
        help_text=_("Only for service of documents."),
    )

    def __init__(self, *args: Any, officers: QuerySet[Officer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = officers  # type: ignore[attr-defined]


class CompleteActForm(forms.Form):
    ended_at = forms.DateTimeField(label=_("Ended at"), widget=DATETIME_INPUT)
    outcome = forms.CharField(label=_("What it produced"), widget=forms.Textarea, required=False)


class RegisterFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, help_text=_("Case number, cause or party.")
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All")), *Stage.choices], required=False
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All")), *PowerCategory.choices], required=False
    )
    procedure = forms.ChoiceField(
        label=_("Procedure"), choices=[("", _("All")), *Procedure.choices], required=False
    )
    filed_from = forms.DateField(label=_("Filed from"), widget=DATE_INPUT, required=False)
    filed_to = forms.DateField(label=_("Filed to"), widget=DATE_INPUT, required=False)
    mine = forms.BooleanField(label=_("Only cases I handle"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: dt.date | None = data.get("filed_from")
        end: dt.date | None = data.get("filed_to")
        if start and end and end < start:
            self.add_error("filed_to", _("The end date is before the start date."))
        return data
