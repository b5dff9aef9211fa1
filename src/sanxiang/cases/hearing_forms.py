"""Forms of the prior notice, the party's response and the hearing; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanxiang.cases.choices import PenaltyType, ResponseKind, ServiceMethod
from sanxiang.cases.forms import DATE_INPUT, DATETIME_INPUT

MONEY: dict[str, Any] = {"required": False, "decimal_places": 2, "max_digits": 14, "min_value": 0}


class NoticeForm(forms.Form):
    """行政处罚法 第四十四条: the proposed penalty, facts, reasons, basis (rights follow)."""

    penalty_types = forms.MultipleChoiceField(
        label=_("Proposed penalty types"), choices=PenaltyType.choices,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    fine = forms.DecimalField(label=_("Proposed fine (yuan)"), **MONEY)
    confiscated_gains = forms.DecimalField(
        label=_("Illegal gains to be confiscated (yuan)"), **MONEY
    )
    confiscated_property = forms.DecimalField(
        label=_("Value of illegal property to be confiscated (yuan)"), **MONEY
    )
    other_heavy = forms.BooleanField(
        label=_("Another heavy penalty (gives the right to a hearing)"), required=False,
        help_text=_("行政处罚法 第六十三条 第一款 第五项: tick when the penalty is heavy for other "
                    "reasons; the other items are judged from the penalty and amounts."),
    )  # fmt: skip
    content = forms.CharField(
        label=_("Proposed penalty in words"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("As the notice will say it, e.g. 拟处罚款人民币五千元。"),
    )  # fmt: skip
    facts = forms.CharField(label=_("Facts found"), widget=forms.Textarea(attrs={"rows": 3}))
    reasons = forms.CharField(
        label=_("Reasons for the penalty"), widget=forms.Textarea(attrs={"rows": 2})
    )
    legal_basis = forms.CharField(
        label=_("Legal basis of the penalty"), widget=forms.Textarea(attrs={"rows": 2})
    )
    notified_on = forms.DateField(label=_("Notice served on"), widget=DATE_INPUT)
    method = forms.ChoiceField(label=_("How the notice was served"), choices=ServiceMethod.choices)


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the party did"), choices=ResponseKind.choices, widget=forms.RadioSelect
    )
    on = forms.DateField(label=_("Date of the response"), widget=DATE_INPUT)
    content = forms.CharField(
        label=_("What the party said"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The statement and defence, or the words of the written waiver; keep the "
                    "signed paper in the case file."),
    )  # fmt: skip


class HearingScheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(label=_("Time of the hearing"), widget=DATETIME_INPUT)
    place = forms.CharField(label=_("Place of the hearing"), max_length=200)
    party_notified_on = forms.DateField(
        label=_("Party notified of the time and place on"), widget=DATE_INPUT,
        help_text=_("At least 7 working days before the hearing (行政处罚法 第六十四条 第二项)."),
    )  # fmt: skip
    presiding = forms.CharField(
        label=_("Presiding officer"), max_length=50,
        help_text=_("Someone who did not investigate the case (第六十四条 第四项)."),
    )  # fmt: skip


class HearingRecordForm(forms.Form):
    held_on = forms.DateField(label=_("Hearing held on"), widget=DATE_INPUT)
    summary = forms.CharField(
        label=_("Hearing record (听证笔录)"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who attended, what the investigators and the party said, the evidence "
                    "examined; the signed record goes into the case file."),
    )  # fmt: skip
