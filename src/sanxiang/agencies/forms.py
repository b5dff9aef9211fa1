"""Forms of the agencies app; they validate input, the services do the work."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.choices import CredentialIssuer, CredentialStatus, OfficerStatus
from sanxiang.agencies.models import Agency, Department, EnforcementDomain


class DateInput(forms.DateInput):
    input_type = "date"


class OfficerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=18,
        help_text=_("18 digits; the last may be X. Kept internal, never published."),
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    position = forms.CharField(label=_("Position"), max_length=50, required=False)
    domains = forms.ModelMultipleChoiceField(
        label=_("Enforcement domains"),
        queryset=EnforcementDomain.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, agency: Agency, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["department"].queryset = agency.departments.all()  # type: ignore[attr-defined]


class CredentialForm(forms.Form):
    number = forms.CharField(label=_("Credential number"), max_length=40)
    issuer = forms.ChoiceField(label=_("Issuer"), choices=CredentialIssuer.choices)
    issuing_authority = forms.CharField(
        label=_("Issuing authority"),
        max_length=100,
        help_text=_("For a ministry credential, the ministry that issued it."),
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    valid_to = forms.DateField(label=_("Valid to"), widget=DateInput)
    domains = forms.ModelMultipleChoiceField(
        label=_("Enforcement domains"),
        queryset=EnforcementDomain.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class CredentialStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=CredentialStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class OfficerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or credential number"), required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *OfficerStatus.choices], required=False
    )

    def __init__(self, *args: object, agencies: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
