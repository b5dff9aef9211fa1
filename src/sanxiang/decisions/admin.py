"""Admin of decisions: read-only, so no decision is made or changed past the review gate."""

from __future__ import annotations

from django.contrib import admin

from sanxiang.core.admin_readonly import ReadOnlyAdmin
from sanxiang.decisions.models import Decision, DecisionService, FinePayment, PaymentArrangement


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["number", "case", "decided_on", "status", "payment_status"]
    list_filter = ["status", "payment_status"]


@admin.register(FinePayment)
class FinePaymentAdmin(ReadOnlyAdmin):
    list_display = ["receipt_number", "decision", "amount", "paid_on", "channel"]


@admin.register(DecisionService)
class DecisionServiceAdmin(ReadOnlyAdmin):
    list_display = ["decision", "method", "served_on", "deemed_served_on", "recipient"]


@admin.register(PaymentArrangement)
class PaymentArrangementAdmin(ReadOnlyAdmin):
    list_display = ["decision", "kind", "approved_on", "approved_by"]
