"""Admin of decisions: read-only, so no decision is made or changed past the review gate."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sanxiang.decisions.models import Decision, FinePayment


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnly):
    list_display = ["number", "case", "decided_on", "status", "payment_status"]
    list_filter = ["status", "payment_status"]


@admin.register(FinePayment)
class FinePaymentAdmin(ReadOnly):
    list_display = ["receipt_number", "decision", "amount", "paid_on", "channel"]
