"""Forms of the records pages. They parse input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.models import Officer
from sanxiang.cases.forms import DATE_INPUT, DATETIME_INPUT
from sanxiang.cases.models import Act, Case
from sanxiang.records.choices import DECISION_DOCUMENTS, DocumentType, EvidenceKind


class RecordingMetadataForm(forms.Form):
    """What every recording carries (R3): time, place, collector, what it proves, device."""

    act = forms.ModelChoiceField(
        label=_("Act recorded"), queryset=Act.objects.none(), required=False,
        help_text=_("The enforcement act this recording covers, if any."),
    )  # fmt: skip
    collected_at = forms.DateTimeField(label=_("Collected at"), widget=DATETIME_INPUT)
    place = forms.CharField(label=_("Place of collection"), max_length=200)
    collector = forms.ModelChoiceField(label=_("Collector"), queryset=Officer.objects.none())
    proves = forms.CharField(
        label=_("What it proves"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("证明对象: the facts this recording is evidence of."),
    )  # fmt: skip
    device = forms.CharField(
        label=_("Device"), max_length=100, help_text=_("E.g. body camera DSJ-001.")
    )
    is_full = forms.BooleanField(
        label=_("Full recording of the act, without a break"), required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["act"].queryset = Act.objects.filter(case=case).order_by("started_at")  # type: ignore[attr-defined]
        self.fields["collector"].queryset = Officer.objects.filter(  # type: ignore[attr-defined]
            agency_id=case.agency_id
        ).order_by("name")

    def metadata(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "collected_at": data["collected_at"].isoformat(),
            "place": data["place"],
            "collector_id": data["collector"].pk,
            "proves": data["proves"],
            "device": data["device"],
        }


class RecordingUploadForm(RecordingMetadataForm):
    """The plain form: metadata and the file in one request (works without JavaScript)."""

    file = forms.FileField(
        label=_("Audio or video file"),
        help_text=_("Without JavaScript, files up to the form limit; larger files upload in "
                    "chunks with resume when JavaScript is on."),
    )  # fmt: skip


class UploadStartForm(RecordingMetadataForm):
    """The first request of a chunked upload: metadata, the file's name and size."""

    filename = forms.CharField(max_length=255)
    size = forms.IntegerField(min_value=0)


class GenerateDocumentForm(forms.Form):
    # The decision documents come with the decision (decisions.services.make_decision).
    doc_type = forms.ChoiceField(
        label=_("Document type"),
        choices=[c for c in DocumentType.choices if c[0] not in DECISION_DOCUMENTS],
    )
    act = forms.ModelChoiceField(
        label=_("For the act"), queryset=Act.objects.none(), required=False,
        help_text=_("Records and receipts are filled from this act; else from the latest."),
    )  # fmt: skip

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["act"].queryset = Act.objects.filter(case=case).order_by("started_at")  # type: ignore[attr-defined]


class TemplateUploadForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices)
    file = forms.FileField(
        label=_("Adapted template (.docx)"),
        help_text=_("Start from the standard template and keep its {{ … }} placeholders whole."),
    )


class ArchiveForm(forms.Form):
    on = forms.DateField(label=_("Archived on"), widget=DATE_INPUT)


class FilingForm(forms.Form):
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE_INPUT)
    filing_number = forms.CharField(label=_("Filing number"), max_length=60)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=EvidenceKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What it shows"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    source = forms.CharField(label=_("Provided by"), max_length=200, required=False)
    collected_on = forms.DateField(label=_("Collected on"), widget=DATE_INPUT)
    is_sensitive = forms.BooleanField(
        label=_("Sensitive (personal privacy or secrets)"), required=False
    )
    file = forms.FileField(label=_("File"))


class CorrectionForm(forms.Form):
    content = forms.CharField(label=_("Correction"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
