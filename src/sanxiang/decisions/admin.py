"""Admin of decisions: read-only, so no decision is made or changed past the review gate."""

from __future__ import annotations

from django.contrib import admin

from sanxiang.core.admin_readonly import ReadOnlyAdmin
from sanxiang.decisions.models import Decision, FinePayment


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["number", "case", "decided_on", "status", "payment_status"]
    list_filter = ["status", "payment_status"]


@admin.register(FinePayment)
class FinePaymentAdmin(ReadOnlyAdmin):
    list_display = ["receipt_number", "decision", "amount", "paid_on", "channel"]
