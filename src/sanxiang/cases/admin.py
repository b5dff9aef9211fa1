"""Admin of cases: the catalogues an administrator edits (power items, number formats).

Cases themselves are read-only here: they change only through the services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from sanxiang.cases import procedure, services
from sanxiang.cases.models import (
    Case,
    CaseApproval,
    CaseNumberFormat,
    PartyDisclosure,
    SummaryLimit,
)
from sanxiang.core.admin_readonly import ReadOnlyAdmin
from sanxiang.core.rulebook import raise_refusals


class SummaryLimitForm(forms.ModelForm):
    """Checks the limits and the law's citation as the service does (第五十一条)."""

    class Meta:
        model = SummaryLimit
        fields = ["power_item", "person_limit", "organisation_limit", "legal_basis"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            raise_refusals(procedure.override_refusals(
                data.get("person_limit"), data.get("organisation_limit"),
                data.get("legal_basis") or "",
            ))  # fmt: skip
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return data


@admin.register(SummaryLimit)
class SummaryLimitAdmin(admin.ModelAdmin):
    """On-the-spot limits a law sets for a power item (行政处罚法 第五十一条), via the service."""

    form = SummaryLimitForm
    list_display = ["power_item", "person_limit", "organisation_limit", "legal_basis", "set_at"]
    readonly_fields = ["set_by", "set_at", "ledger_seq"]

    def save_model(self, request: HttpRequest, obj: SummaryLimit, form: Any, change: bool) -> None:
        saved = services.set_summary_limit(
            actor=request.user,  # type: ignore[arg-type]
            power_item=form.cleaned_data["power_item"],
            person_limit=form.cleaned_data["person_limit"],
            organisation_limit=form.cleaned_data["organisation_limit"],
            legal_basis=form.cleaned_data["legal_basis"],
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CaseNumberFormat)
class CaseNumberFormatAdmin(admin.ModelAdmin):
    list_display = ["agency", "category", "template"]
    list_filter = ["agency"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "agency", "stage", "filed_on"]
    list_filter = ["stage", "category", "agency"]
    search_fields = ["number", "title"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PartyDisclosure)
class PartyDisclosureAdmin(ReadOnlyAdmin):
    """Who saw which party's personal data in full, and when (the values are never shown)."""

    list_display = ["at", "user", "party", "field", "address", "ledger_seq"]
    list_filter = ["field"]
    date_hierarchy = "at"


@admin.register(CaseApproval)
class CaseApprovalAdmin(ReadOnlyAdmin):
    """The head's approvals (立案, 结案, 延期审批): given only in the workbench or the API."""

    list_display = ["case", "kind", "opinion", "approved_by", "approved_on", "ledger_seq"]
    list_filter = ["kind"]
    date_hierarchy = "approved_on"
