"""Forms of the ledger's pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class InclusionForm(forms.Form):
    seq = forms.IntegerField(label=_("Entry number"), min_value=0)
    size = forms.IntegerField(
        label=_("Signed head size"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for the latest signed head."),
    )


class ConsistencyForm(forms.Form):
    old = forms.IntegerField(label=_("Earlier head size"), min_value=1)
    new = forms.IntegerField(
        label=_("Later head size"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for the latest signed head."),
    )


class ExportForm(forms.Form):
    entries = forms.CharField(
        label=_("Entry numbers"),
        help_text=_("Separated by commas or spaces, e.g. 12, 15, 40."),
        max_length=2000,
    )

    def clean_entries(self) -> list[int]:
        raw = self.cleaned_data["entries"].replace(",", " ").replace("，", " ").split()
        try:
            numbers = sorted({int(item) for item in raw})
        except ValueError:
            raise forms.ValidationError(_("Enter entry numbers only.")) from None
        if not numbers or numbers[0] < 0:
            raise forms.ValidationError(_("Enter at least one entry number."))
        return numbers
