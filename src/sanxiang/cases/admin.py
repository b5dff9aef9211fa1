"""Admin of cases: the catalogues an administrator edits (power items, number formats).

Cases themselves are read-only here: they change only through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sanxiang.cases.models import Case, CaseApproval, CaseNumberFormat, PartyDisclosure
from sanxiang.core.admin_readonly import ReadOnlyAdmin


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
