"""Forms of the agencies app; they validate input, the services do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxiang.agencies.choices import (
    ChangeKind,
    CredentialIssuer,
    CredentialStatus,
    DiscretionLevel,
    OfficerStatus,
    PowerCategory,
)
from sanxiang.agencies.models import Agency, Department, EnforcementDomain
from sanxiang.agencies.powerlist import CONTENT_FIELDS, PowerContent, RuleContent
from sanxiang.core.choices import SecurityEventKind
from sanxiang.core.forms import DateInput


class OfficerForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
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


# --- The power list -----------------------------------------------------------------------


class AdjustmentForm(forms.Form):
    """The record of an adjustment (立改废释): kind, reason, date, approver."""

    change_kind = forms.ChoiceField(label=_("Adjustment"), choices=[])
    reason = forms.CharField(
        label=_("Reason for the adjustment"), widget=forms.Textarea(attrs={"rows": 2})
    )
    effective_on = forms.DateField(label=_("Effective from"), widget=DateInput)
    approver = forms.CharField(
        label=_("Approved by"), max_length=200,
        help_text=_("The person or meeting that approved the adjustment, with its document."),
    )  # fmt: skip

    def __init__(self, *args: object, kinds: list[ChangeKind], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["change_kind"].choices = [(k.value, k.label) for k in kinds]  # type: ignore[attr-defined]


class PowerContentForm(forms.Form):
    """What a version of a power item says."""

    code = forms.CharField(label=_("Item code"), max_length=40)
    name = forms.CharField(label=pgettext_lazy("thing", "Name"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=PowerCategory.choices)
    domain_code = forms.ChoiceField(label=_("Enforcement domain"), choices=[])
    legal_basis = forms.CharField(
        label=_("Legal basis"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One article per line, e.g. 《城市市容和环境卫生管理条例》第三十六条."),
    )  # fmt: skip
    responsible_unit = forms.CharField(label=_("Responsible unit"), max_length=200)
    procedure = forms.CharField(
        label=_("Procedure"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    time_limit = forms.CharField(label=_("Time limit"), max_length=200, required=False)
    remedy = forms.CharField(
        label=_("Remedies"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["domain_code"].choices = list(  # type: ignore[attr-defined]
            EnforcementDomain.objects.values_list("code", "name")
        )


class RuleForm(forms.Form):
    """One step of a discretion standard; an empty row is ignored."""

    level = forms.ChoiceField(
        label=_("Discretion step"), choices=[("", "—"), *DiscretionLevel.choices], required=False
    )
    circumstances = forms.CharField(label=_("Circumstances"), max_length=500, required=False)
    fine_min = forms.DecimalField(
        label=_("Lowest fine (yuan)"), min_value=0, decimal_places=2, required=False
    )
    fine_max = forms.DecimalField(
        label=_("Highest fine (yuan)"), min_value=0, decimal_places=2, required=False
    )
    other_penalty = forms.CharField(label=_("Other penalty"), max_length=200, required=False)


RuleFormSet = forms.formset_factory(RuleForm, extra=3, max_num=20)


def content_from_forms(form: PowerContentForm, rules: Any) -> PowerContent:
    data = form.cleaned_data
    steps = tuple(
        RuleContent(
            r["level"], r["circumstances"], r["fine_min"], r["fine_max"], r["other_penalty"]
        )
        for r in (f.cleaned_data for f in rules.forms)
        if r and (r.get("level") or r.get("circumstances"))
    )
    return PowerContent(**{name: data[name] for name in CONTENT_FIELDS}, rules=steps)


def initial_from_content(content: PowerContent) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    fields = {name: getattr(content, name) for name in CONTENT_FIELDS}
    rules = [
        {"level": r.level, "circumstances": r.circumstances, "fine_min": r.fine_min,
         "fine_max": r.fine_max, "other_penalty": r.other_penalty}
        for r in content.rules
    ]  # fmt: skip
    return fields, rules


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        help_text=_(
            "In the layout of the exported power list. Nothing is recorded until you confirm."
        ),
    )
    reason = forms.CharField(
        label=_("Reason for the adjustment"), required=False,
        help_text=_("For rows that give none."),
    )  # fmt: skip
    effective_on = forms.DateField(
        label=_("Effective from"), widget=DateInput, required=False,
        help_text=_("For rows that give none."),
    )  # fmt: skip
    approver = forms.CharField(
        label=_("Approved by"), max_length=200, required=False,
        help_text=_("For rows that give none."),
    )  # fmt: skip


class PowerListFilterForm(forms.Form):
    q = forms.CharField(label=_("Code, name or legal basis"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All")), *PowerCategory.choices], required=False
    )


class SecurityEventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Event"), choices=[("", _("All")), *SecurityEventKind.choices], required=False
    )
    user = forms.CharField(label=_("User name"), required=False, max_length=150)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date cannot be before the start date."))
        return data
