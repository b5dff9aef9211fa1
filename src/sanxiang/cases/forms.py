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
    ServiceMethod,
    Stage,
)
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

    def party_data(self) -> PartyData:
        data = self.cleaned_data
        return PartyData(
            kind=data["party_kind"], name=data["party_name"], id_number=data["party_id_number"],
            uscc=data["party_uscc"], legal_representative=data["party_legal_representative"],
            address=data["party_address"], phone=data["party_phone"],
        )  # fmt: skip


class CaseForm(PartyFields):
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
        "officers", "lead",
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


class ExtensionForm(forms.Form):
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
