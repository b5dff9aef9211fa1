"""Forms of supervision."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.models import Agency
from sanxiang.supervision.choices import WarningKind, WarningLevel, WarningStatus


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
