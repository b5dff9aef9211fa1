"""Forms of legal review (the service validates; forms only shape the input)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.models import LegalReviewer
from sanxiang.core.forms import DateInput
from sanxiang.review.choices import (
    ChecklistItem,
    Criterion,
    ItemResult,
    MaterialKind,
    OpinionKind,
    PenaltyType,
    Settlement,
)

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ApplicabilityForm(forms.Form):
    amount_involved = forms.DecimalField(
        label=_("Amount at stake (yuan)"), required=False, min_value=0, decimal_places=2
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in Criterion:
            self.fields[f"q_{criterion.value}"] = forms.ChoiceField(
                label=criterion.label, choices=YES_NO, widget=forms.RadioSelect
            )

    def answers(self) -> dict[str, bool]:
        return {c.value: self.cleaned_data[f"q_{c.value}"] == "yes" for c in Criterion}


class SubmissionForm(forms.Form):
    proposed_decision = forms.CharField(label=_("Proposed decision"), widget=forms.Textarea)
    penalties = forms.MultipleChoiceField(
        label=_("Penalty types"), choices=PenaltyType.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    fine = forms.DecimalField(label=_("Fine (yuan)"), required=False, decimal_places=2)
    confiscation = forms.DecimalField(
        label=_("Confiscation (yuan)"), required=False, decimal_places=2
    )
    circumstances = forms.CharField(label=_("Circumstances found"), required=False)
    discretion_level = forms.ChoiceField(label=_("Discretion step applied"), required=False)
    discretion_reasoning = forms.CharField(
        label=_("Discretion reasoning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    revision_note = forms.CharField(
        label=_("What was revised (for a resubmission)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    responsibility_confirmed = forms.BooleanField(
        label=_("The handling unit answers for the truth, accuracy and completeness of the "
                "materials and for the lawfulness of the facts, evidence, law and procedure."),
        required=False,
    )  # fmt: skip

    def __init__(self, *args: Any, levels: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level = self.fields["discretion_level"]
        assert isinstance(level, forms.ChoiceField)
        level.choices = [("", "—"), *levels]
        for kind in MaterialKind:
            self.fields[f"m_{kind.value}"] = forms.CharField(
                label=kind.label, required=False,
                help_text=_("Document number, file page or a summary."),
            )  # fmt: skip
            self.fields[f"f_{kind.value}"] = forms.FileField(
                label=_("%(kind)s (file)") % {"kind": kind.label}, required=False
            )


class OpinionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Opinion"), choices=OpinionKind.choices,
                             widget=forms.RadioSelect)  # fmt: skip
    text = forms.CharField(
        label=_("Reasons, changes suggested or materials needed"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in ChecklistItem:
            self.fields[f"r_{item.value}"] = forms.ChoiceField(
                label=item.label, choices=ItemResult.choices, required=False
            )
            self.fields[f"c_{item.value}"] = forms.CharField(label=_("Comment"), required=False)

    def marks(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {i.value: (data[f"r_{i.value}"], data[f"c_{i.value}"]) for i in ChecklistItem}


class DisputeForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=_("Legal basis"), widget=forms.Textarea(attrs={"rows": 2}))


class ConsultForm(forms.Form):
    note = forms.CharField(label=_("What was discussed"), widget=forms.Textarea(attrs={"rows": 3}))


class SettleForm(forms.Form):
    settlement = forms.ChoiceField(label=_("Settlement"), choices=Settlement.choices,
                                   widget=forms.RadioSelect)  # fmt: skip
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Working days added"), min_value=1)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=LegalReviewer.objects.none())

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = LegalReviewer.objects.filter(agency_id=agency_id, is_active=True)


class CatalogueImportForm(forms.Form):
    title = forms.CharField(label=_("Title"))
    derived_from = forms.CharField(
        label=_("Derived from"), help_text=_("The superior's list and its document number.")
    )
    effective_from = forms.DateField(label=_("In force from"), widget=DateInput)
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    dry_run = forms.BooleanField(label=_("Check only (dry run)"), required=False, initial=True)
