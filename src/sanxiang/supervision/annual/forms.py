"""Forms of the annual report pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxiang.agencies.models import Agency
from sanxiang.supervision.annual.items import ITEMS, MANUAL_KEYS

REASON_HELP = _("Required once the report is published; kept in the report's trail.")


class GenerateForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    reason = forms.CharField(label=_("Reason for the change"), required=False,
                             help_text=REASON_HELP, widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label=_("General account"), required=False, widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("The report's second part: what the agency did in the year, in prose."),
    )  # fmt: skip
    reason = forms.CharField(label=_("Reason for the change"), required=False,
                             help_text=REASON_HELP, widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class ManualFigureForm(forms.Form):
    key = forms.ChoiceField(label=pgettext_lazy("annual report", "Item"), choices=[])
    value = forms.CharField(label=_("Figure"), required=False, max_length=30,
                            help_text=_("Leave empty to remove a hand-entered figure."))  # fmt: skip
    note = forms.CharField(label=_("Where the figure comes from"), required=False, max_length=300)
    reason = forms.CharField(label=_("Reason for the change"), required=False,
                             help_text=REASON_HELP, widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [  # type: ignore[attr-defined]
            (key, ITEMS[key].label) for key in ITEMS if key in MANUAL_KEYS
        ]
