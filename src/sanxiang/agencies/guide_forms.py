"""Forms of the workbench's service guides and window boards: the guide or window itself and
its rows (materials, procedure steps; posts) as inline formsets. They validate; the services
in ``services.guides`` write everything in one transaction."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.models import (
    Agency,
    GuideMaterial,
    GuideStage,
    Officer,
    PowerItem,
    ServiceGuide,
    ServiceWindow,
    WindowPost,
)

SAMPLE_EXTENSIONS = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".ofd", ".jpg", ".jpeg",
                     ".png"}  # fmt: skip
MAX_SAMPLE_BYTES = 10 * 1024 * 1024
MAX_STAGE_DAYS = 365


class ServiceGuideForm(forms.ModelForm):
    class Meta:
        model = ServiceGuide
        fields = ["code", "name", "power_item", "accepting_body", "legal_basis", "conditions",
                  "time_limit", "fees", "channels", "consultation", "complaints", "is_published"]  # fmt: skip
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "channels": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["power_item"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = PowerItem.objects.filter(agency=agency, is_active=True).order_by("code")


class MaterialForm(forms.ModelForm):
    class Meta:
        model = GuideMaterial
        fields = ["name", "form", "required", "note", "sample_form"]

    def clean_sample_form(self) -> Any:
        upload = self.cleaned_data.get("sample_form")
        # Only a new upload is checked: the stored file (even one missing from storage, as
        # the demo's once were) is never opened just to save the material's other fields.
        if isinstance(upload, UploadedFile):
            if PurePath(upload.name or "").suffix.lower() not in SAMPLE_EXTENSIONS:
                raise ValidationError(
                    _("A sample form must be a PDF, Word, Excel, WPS, OFD or image file.")
                )
            if (upload.size or 0) > MAX_SAMPLE_BYTES:
                raise ValidationError(_("A sample form may be at most 10 MB."))
        return upload


class StageForm(forms.ModelForm):
    class Meta:
        model = GuideStage
        fields = ["name", "responsible", "time_limit_days", "time_basis", "description"]

    def clean_time_limit_days(self) -> int | None:
        days = self.cleaned_data.get("time_limit_days")
        if days is not None and not 1 <= days <= MAX_STAGE_DAYS:
            raise ValidationError(
                _("A step's time limit is between 1 and %(n)s days; leave it empty if none.")
                % {"n": MAX_STAGE_DAYS}
            )
        return days


class RowsFormSet(forms.BaseInlineFormSet):
    """Rows in the order they are shown; an empty extra row is ignored."""

    def clean(self) -> None:
        super().clean()
        names = [
            f.cleaned_data.get("name") or f.cleaned_data.get("post")
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        if len(names) != len(set(names)):
            raise ValidationError(_("Two rows have the same name; each row must be different."))


MaterialFormSet = forms.inlineformset_factory(
    ServiceGuide, GuideMaterial, form=MaterialForm, formset=RowsFormSet, extra=2, max_num=50,
    can_delete=True,
)  # fmt: skip
StageFormSet = forms.inlineformset_factory(
    ServiceGuide, GuideStage, form=StageForm, formset=RowsFormSet, extra=2, max_num=20,
    can_delete=True,
)  # fmt: skip


class ServiceWindowForm(forms.ModelForm):
    class Meta:
        model = ServiceWindow
        fields = ["code", "name", "location", "hours", "duties", "guides", "consultation_phone",
                  "complaint_phone", "complaint_channel", "is_published"]  # fmt: skip
        widgets = {
            "duties": forms.Textarea(attrs={"rows": 3}),
            "guides": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["guides"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = ServiceGuide.objects.filter(agency=agency).order_by("name")


class PostForm(forms.ModelForm):
    class Meta:
        model = WindowPost
        fields = ["post", "officer", "duties"]

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["officer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Officer.objects.filter(agency=agency).order_by("name")


PostFormSet = forms.inlineformset_factory(
    ServiceWindow, WindowPost, form=PostForm, formset=RowsFormSet, extra=2, max_num=20,
    can_delete=True,
)  # fmt: skip
