"""Forms of publicity; they validate input, the services do the work."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.forms import DateInput
from sanxiang.publicity.choices import PartyCategory, PublicCategory


class ProgressForm(forms.Form):
    case_number = forms.CharField(
        label=_("Case number"), max_length=60,
        help_text=_("As written on your receipt, e.g. 东丽万新罚〔2026〕12号."),
    )  # fmt: skip
    code = forms.CharField(
        label=_("Look-up code"), max_length=20,
        help_text=_("The 8 letters and digits on your receipt."),
    )  # fmt: skip


class DecisionSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words to find"), max_length=100, required=False,
        help_text=_("A party's name, a document number, or words of the facts, e.g. 占道."),
    )  # fmt: skip
    category = forms.ChoiceField(
        label=_("Kind of decision"), choices=[("", _("All")), *PublicCategory.choices],
        required=False,
    )  # fmt: skip
    party_category = forms.ChoiceField(
        label=_("Kind of party"), choices=[("", _("All")), *PartyCategory.choices], required=False
    )
    decided_from = forms.DateField(label=_("Decided from"), required=False, widget=DateInput)
    decided_to = forms.DateField(label=_("Decided until"), required=False, widget=DateInput)
    agency = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)


class PublishForm(forms.Form):
    persons = forms.CharField(
        label=_("Other persons named in the text"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One name per line: witnesses, relatives, neighbours. They are shown as 张某."),
    )  # fmt: skip
    redacted_text = forms.CharField(
        label=_("Text to publish"), widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Mark out trade or state secrets here by replacing them with ＊＊."),
    )  # fmt: skip
    kept = forms.CharField(
        label=_("Published on purpose"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only if the check flags something that must be public (e.g. a shop's "
                    "licence plate in the facts): one item per line, exactly as in the text."),
    )  # fmt: skip
    kept_reason = forms.CharField(
        label=_("Why they are published"), required=False,
        help_text=_("Recorded with the publication and in the ledger."),
    )  # fmt: skip
    confirmed = forms.BooleanField(
        label=_("I have checked the text: it shows no personal data, secrets or privacy."),
        required=False,
    )  # fmt: skip


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The public notice shows it, e.g. 该决定已被东丽区人民政府行政复议决定撤销."),
    )  # fmt: skip
