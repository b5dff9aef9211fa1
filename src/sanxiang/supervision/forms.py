"""Forms of supervision."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxiang.agencies.models import Agency
from sanxiang.core.forms import DateInput
from sanxiang.supervision.choices import WarningKind, WarningLevel, WarningStatus
from sanxiang.supervision.models import EvaluationTemplate


class WarningFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("unresolved", _("Not resolved")), ("", _("All")), *WarningStatus.choices],
        required=False,
    )
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("All")), *WarningLevel.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *WarningKind.choices], required=False
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False
    )

    def __init__(self, *args: object, agencies: QuerySet[Agency], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class RoundForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("thing", "Name"), max_length=200)
    template = forms.ModelChoiceField(
        label=_("Evaluation standard"), queryset=EvaluationTemplate.objects.none()
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies evaluated"),
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    closed_from = forms.DateField(label=_("Cases closed from"), widget=DateInput)
    closed_to = forms.DateField(label=_("Cases closed to"), widget=DateInput)
    sample_size = forms.IntegerField(
        label=_("Cases drawn per agency"), min_value=1, max_value=500, initial=5
    )

    def __init__(
        self, *args: object, agencies: QuerySet[Agency], templates: QuerySet[EvaluationTemplate],
        **kwargs: object,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["agencies"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]


class ItemScoreForm(forms.Form):
    deducted = forms.DecimalField(
        label=_("Points deducted"), min_value=0, decimal_places=1, required=False
    )
    failed = forms.BooleanField(label=_("Failed"), required=False)
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False)


class RectificationForm(forms.Form):
    report = forms.CharField(
        label=_("Rectification report"), widget=forms.Textarea(attrs={"rows": 4})
    )
