"""Admin of agencies and people. Writes that carry rules go through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies import services
from sanxiang.agencies.models import (
    Agency,
    Credential,
    CredentialEvent,
    Department,
    EnforcementDomain,
    GuideMaterial,
    GuideStage,
    LegalReviewer,
    Officer,
    PowerItem,
    PowerItemVersion,
    ServiceGuide,
    ServiceWindow,
    TrainingRecord,
    User,
    WindowPost,
)
from sanxiang.core.admin_readonly import ReadOnlyAdmin
from sanxiang.core.audit import Kind, record_security_event


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "uscc", "supervising_agency", "is_public"]
    list_filter = ["kind", "is_public"]
    search_fields = ["name", "uscc"]
    prepopulated_fields = {}

    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            services.update_agency(actor=request.user, agency=obj, **fields)  # type: ignore[arg-type]
        else:
            fields = {name: getattr(obj, name) for name in services.AGENCY_FIELDS}
            created = services.create_agency(actor=request.user, **fields)  # type: ignore[arg-type]
            obj.pk = created.pk


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "is_review_body", "order"]
    list_filter = ["agency"]


class GuideMaterialInline(admin.TabularInline):
    model = GuideMaterial
    extra = 1


class GuideStageInline(admin.TabularInline):
    model = GuideStage
    extra = 1


@admin.register(ServiceGuide)
class ServiceGuideAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "power_item", "is_published"]
    list_filter = ["agency", "is_published"]
    search_fields = ["name", "code"]
    inlines = [GuideMaterialInline, GuideStageInline]


class WindowPostInline(admin.TabularInline):
    model = WindowPost
    extra = 1


@admin.register(ServiceWindow)
class ServiceWindowAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "location", "is_published"]
    list_filter = ["agency", "is_published"]
    filter_horizontal = ["guides"]
    inlines = [WindowPostInline]


@admin.register(EnforcementDomain)
class EnforcementDomainAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Officer)
class OfficerAdmin(ReadOnlyAdmin):
    list_display = ["name", "agency", "department", "status"]
    list_filter = ["agency", "status"]
    search_fields = ["name"]
    exclude = ["id_number", "public_token"]


class CredentialEventInline(admin.TabularInline):
    model = CredentialEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "reason", "actor", "at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Credential)
class CredentialAdmin(ReadOnlyAdmin):
    list_display = ["number", "officer", "issuer", "valid_from", "valid_to", "status"]
    list_filter = ["status", "issuer"]
    search_fields = ["number", "officer__name"]
    inlines = [CredentialEventInline]
    exclude = ["public_token"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ReadOnlyAdmin):
    list_display = ["officer", "kind", "title", "held_on", "result"]


@admin.register(LegalReviewer)
class LegalReviewerAdmin(ReadOnlyAdmin):
    list_display = ["name", "agency", "kind", "law_firm", "is_active"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "agency", "is_active", "is_staff"]
    list_filter = ["agency", "groups", "is_active"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Agency"), {"fields": ("agency", "full_name")}),
    )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # the password was set
            record_security_event(
                kind=Kind.PASSWORD_CHANGED, actor=User.objects.filter(pk=id).first(),
                request=request, detail={"by": request.user.get_username()},
            )  # fmt: skip
        return response


class PowerItemVersionInline(admin.TabularInline):
    model = PowerItemVersion
    fields = ["number", "change_kind", "effective_on", "approver", "reason", "name"]
    readonly_fields = ["number", "change_kind", "effective_on", "approver", "reason", "name"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PowerItem)
class PowerItemAdmin(ReadOnlyAdmin):
    """Adjustments (立改废释) are recorded in the workbench, each as a new version."""

    list_display = ["code", "name", "category", "agency", "domain", "is_active"]
    list_filter = ["category", "is_active", "agency"]
    search_fields = ["code", "name"]
    inlines = [PowerItemVersionInline]
