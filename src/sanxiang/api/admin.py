"""Admin of API tokens (issued and revoked through the services) and the call log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sanxiang.api import push, services
from sanxiang.api.models import ApiCall, ApiToken, Delivery, DeliveryAttempt


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "scope", "agency", "user", "requests_per_minute", "expires_at"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") and data.get("expires_at"):
            try:
                services.validate_token(
                    name=data.get("name") or "", scope=data["scope"], agency=data.get("agency"),
                    user=data.get("user"), expires_at=data["expires_at"],
                )  # fmt: skip
            except ValidationError as exc:
                self.add_error(None, exc)
        return data


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "scope", "agency", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["scope", "agency"]
    search_fields = ["name", "lookup"]
    actions = ["revoke"]
    readonly_fields = ["lookup", "created_at", "created_by", "revoked_at", "revoked_by",
                       "last_used_at"]  # fmt: skip

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return self.readonly_fields
        return [*self.form.Meta.fields, *self.readonly_fields]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: the call log keeps pointing at the token

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return
        data = form.cleaned_data
        token, key = services.create_token(
            actor=request.user,  # type: ignore[arg-type]
            name=data["name"], scope=data["scope"], agency=data["agency"], user=data["user"],
            requests_per_minute=data["requests_per_minute"], expires_at=data["expires_at"],
        )  # fmt: skip
        obj.pk = token.pk
        messages.warning(
            request,
            _("The token's key is shown only this once; copy it now: %(key)s") % {"key": key},
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            services.revoke_token(actor=request.user, token=token)  # type: ignore[arg-type]
        messages.success(request, _("The selected tokens were revoked."))


@admin.register(ApiCall)
class ApiCallAdmin(admin.ModelAdmin):
    list_display = ["at", "token", "method", "path", "status", "duration_ms", "address"]
    list_filter = ["status", "method", "token"]
    search_fields = ["path", "address"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = ["at", "status_code", "error", "duration_ms", "replay"]
    readonly_fields = ["at", "status_code", "error", "duration_ms", "replay"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["key", "event", "status", "attempts", "next_attempt_at", "delivered_at"]
    list_filter = ["status", "event"]
    search_fields = ["key"]
    readonly_fields = [
        "event", "key", "payload", "status", "attempts", "next_attempt_at", "last_error",
        "created_at", "delivered_at",
    ]  # fmt: skip
    inlines = [DeliveryAttemptInline]
    actions = ["replay"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Send again now"))
    def replay(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        if not push.enabled():
            self.message_user(request, _("Pushing is off: set SANXIANG_API_PUSH_URL."),
                              messages.ERROR)  # fmt: skip
            return
        ok = sum(push.replay(delivery) for delivery in queryset)
        self.message_user(
            request, _("%(ok)s of %(n)s delivered.") % {"ok": ok, "n": queryset.count()}
        )
