"""The power list (权责清单): the workbench's register, adjustments and Excel; the portal's
current list and each item's history."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies import excel, permissions, selectors, services
from sanxiang.agencies.choices import ChangeKind
from sanxiang.agencies.forms import (
    AdjustmentForm,
    ImportForm,
    PowerContentForm,
    PowerListFilterForm,
    RuleFormSet,
    content_from_forms,
    initial_from_content,
)
from sanxiang.agencies.http import AuthedRequest
from sanxiang.agencies.models import Agency, DiscretionRule, PowerItem, PowerItemVersion
from sanxiang.agencies.powerlist import content_of
from sanxiang.core.audit import record_export

PAGE_SIZE = 50
IMPORT_SESSION_KEY = "agencies.power_list_import"
MAX_IMPORT_BYTES = 5 * 1024 * 1024


def _filtered(items: QuerySet[PowerItem], form: PowerListFilterForm) -> QuerySet[PowerItem]:
    if form.is_valid():
        items = selectors.search_power_items(items, form.cleaned_data["q"] or "")
        if form.cleaned_data["category"]:
            items = items.filter(category=form.cleaned_data["category"])
    return items


# --- Workbench ----------------------------------------------------------------------------


def _manageable(request: AuthedRequest, agency: Agency) -> Agency:
    if not permissions.can_manage_power_list(request.user, agency):
        raise PermissionDenied(
            _("Only the agency's system administrator may adjust the power list.")
        )
    return agency


@login_required
def power_list(request: AuthedRequest, agency_id: int) -> HttpResponse:
    agency = selectors.get_agency_for_user(user=request.user, agency_id=agency_id)
    form = PowerListFilterForm(request.GET or None)
    items = _filtered(
        selectors.power_items_visible_to(user=request.user).filter(agency=agency), form
    )
    page = Paginator(items.order_by("-is_active", "code"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "agency": agency, "form": form, "page": page,
        "can_manage": permissions.can_manage_power_list(request.user, agency),
    }  # fmt: skip
    return render(request, "agencies/power_list.html", context)


@login_required
def power_item(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = selectors.get_power_item_for_user(user=request.user, item_id=item_id)
    context = {
        "item": item, "version": item.current_version,
        "rules": selectors.current_discretion_rules(power_item=item),
        "history": selectors.power_item_history(item=item),
        "can_manage": permissions.can_manage_power_list(request.user, item.agency),
    }  # fmt: skip
    return render(request, "agencies/power_item.html", context)


def _split_errors(
    error: ValidationError, adjustment: AdjustmentForm, content: PowerContentForm
) -> None:
    """A service's errors beside their fields: the adjustment's, the content's, or on top."""
    if not hasattr(error, "error_dict"):
        content.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = adjustment if field in adjustment.fields else content
        target.add_error(field if field in target.fields else None, errors)


def _record(request: AuthedRequest, agency: Agency, item: PowerItem | None) -> HttpResponse:
    kinds = (
        [ChangeKind.ESTABLISH] if item is None or not item.is_active
        else [ChangeKind.AMEND, ChangeKind.INTERPRET, ChangeKind.ABOLISH]
    )  # fmt: skip
    initial, rules_initial = ({}, []) if item is None or item.current_version is None else (
        initial_from_content(content_of(item.current_version))
    )  # fmt: skip
    data = request.POST if request.method == "POST" else None
    adjustment = AdjustmentForm(data, kinds=kinds, initial={"effective_on": timezone.localdate()})
    content = PowerContentForm(data, initial=initial)
    rules = RuleFormSet(data, initial=rules_initial, prefix="rules")
    if data is not None and adjustment.is_valid() and content.is_valid() and rules.is_valid():
        kind = ChangeKind(adjustment.cleaned_data["change_kind"])
        common = {
            name: adjustment.cleaned_data[name] for name in ("reason", "effective_on", "approver")
        }
        new = content_from_forms(content, rules)
        try:
            if kind == ChangeKind.ESTABLISH:
                version = services.establish_power_item(
                    actor=request.user, agency=agency, content=new, **common
                )
            else:
                assert item is not None
                version = services.adjust_power_item(
                    actor=request.user, item=item, kind=kind,
                    content=None if kind == ChangeKind.ABOLISH else new, **common,
                )  # fmt: skip
        except ValidationError as error:
            _split_errors(error, adjustment, content)
        else:
            messages.success(request, _("Version %(n)s recorded.") % {"n": version.number})
            return redirect("workbench:power-item", item_id=version.item_id)
    context = {
        "agency": agency, "item": item, "adjustment": adjustment, "content": content,
        "rules": rules, "forms": [adjustment, content],
    }  # fmt: skip
    return render(request, "agencies/power_item_form.html", context)


@login_required
def power_item_new(request: AuthedRequest, agency_id: int) -> HttpResponse:
    agency = _manageable(
        request, selectors.get_agency_for_user(user=request.user, agency_id=agency_id)
    )
    return _record(request, agency, None)


@login_required
def power_item_adjust(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = selectors.get_power_item_for_user(user=request.user, item_id=item_id)
    _manageable(request, item.agency)
    return _record(request, item.agency, item)


@login_required
def power_list_export(request: AuthedRequest, agency_id: int) -> HttpResponse:
    agency = selectors.get_agency_for_user(user=request.user, agency_id=agency_id)
    response = HttpResponse(
        excel.write_workbook(agency=agency),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"power-list-{agency.code}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    record_export(request, what="power-list", agency=agency.pk)
    return response


@login_required
def power_list_import(request: AuthedRequest, agency_id: int) -> HttpResponse:
    """Upload → dry run listing each row's problems → confirm: all or nothing."""
    agency = _manageable(
        request, selectors.get_agency_for_user(user=request.user, agency_id=agency_id)
    )
    form = ImportForm(request.POST or None, request.FILES or None)
    plan, digest = None, ""
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm_import(request, agency)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", _("The file is larger than 5 MB; split the list into parts."))
        else:
            data = upload.read()
            plan = _plan(agency, data, form.cleaned_data)
            digest = hashlib.sha256(data).hexdigest()
            request.session[IMPORT_SESSION_KEY] = {
                "agency": agency.pk, "digest": digest, "data": base64.b64encode(data).decode(),
                "reason": form.cleaned_data["reason"], "approver": form.cleaned_data["approver"],
                "effective_on": (form.cleaned_data["effective_on"] or "") and form.cleaned_data["effective_on"].isoformat(),
            }  # fmt: skip
    return render(
        request, "agencies/power_list_import.html",
        {"agency": agency, "form": form, "plan": plan, "digest": digest},
    )  # fmt: skip


def _plan(agency: Agency, data: bytes, options: dict[str, Any]) -> excel.ImportPlan:
    effective_on = options.get("effective_on") or None
    if isinstance(effective_on, str):
        effective_on = dt.date.fromisoformat(effective_on)
    return excel.read_workbook(
        io.BytesIO(data), agency=agency, reason=options.get("reason") or "",
        effective_on=effective_on, approver=options.get("approver") or "",
    )  # fmt: skip


def _confirm_import(request: AuthedRequest, agency: Agency) -> HttpResponse:
    stored = request.session.get(IMPORT_SESSION_KEY)
    if (
        not stored
        or stored["agency"] != agency.pk
        or stored["digest"] != request.POST.get("digest")
    ):
        messages.error(request, _("Upload the file again: the checked file was not found."))
        return redirect("workbench:power-list-import", agency_id=agency.pk)
    plan = _plan(agency, base64.b64decode(stored["data"]), stored)
    try:
        count = excel.apply_plan(actor=request.user, agency=agency, plan=plan)
    except ValidationError:
        messages.error(request, _("The file has problems; nothing has been imported."))
        return redirect("workbench:power-list-import", agency_id=agency.pk)
    del request.session[IMPORT_SESSION_KEY]
    messages.success(request, _("%(n)s adjustments recorded.") % {"n": count})
    return redirect("workbench:power-list", agency_id=agency.pk)


# --- Portal -------------------------------------------------------------------------------


def portal_power_list(request: HttpRequest) -> HttpResponse:
    form = PowerListFilterForm(request.GET or None)
    agency = None
    if request.GET.get("agency"):
        agency = get_object_or_404(selectors.public_agencies(), code=request.GET["agency"])
    items = selectors.public_power_items(agency=agency)
    items = _filtered(items, form)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "agencies/portal_power_list.html",
        {"form": form, "page": page, "agency": agency, "query": query.urlencode()},
    )  # fmt: skip


def portal_power_item(request: HttpRequest, agency_code: str, code: str) -> HttpResponse:
    item = selectors.public_power_item(agency_code=agency_code, code=code)
    if item is None:
        raise Http404
    context = {
        "item": item, "version": item.current_version,
        "rules": selectors.current_discretion_rules(power_item=item),
        "history": selectors.power_item_history(item=item),
        "guides": selectors.public_guides().filter(power_item=item),
    }  # fmt: skip
    return render(request, "agencies/portal_power_item.html", context)


def _version_data(version: Any) -> dict[str, Any]:
    return {
        "version": version.number,
        "adjustment": version.change_kind,
        "adjustment_label": str(version.get_change_kind_display()),
        "reason": version.reason,
        "effective_on": version.effective_on.isoformat(),
        "approved_by": version.approver,
        "recorded_at": timezone.localtime(version.recorded_at).isoformat(),
        "content": content_of(version).payload(),
    }


def portal_power_list_json(request: HttpRequest, agency_code: str) -> HttpResponse:
    """An agency's current power list as open data: every item in force with its content and
    discretion standard, and each item's versions (立/改/废/释) oldest first. Only what the
    portal shows: no user accounts, nothing of items of agencies that are not public."""
    agency = get_object_or_404(selectors.public_agencies(), code=agency_code)
    items = selectors.public_power_items(agency=agency).prefetch_related(
        Prefetch(
            "versions",
            queryset=PowerItemVersion.objects.select_related("domain")
            .prefetch_related(
                Prefetch(
                    "discretion_rules", queryset=DiscretionRule.objects.order_by("order", "pk")
                )
            )
            .order_by("number"),
        )
    )
    data: dict[str, Any] = {
        "agency": {"code": agency.code, "name": agency.name},
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "source": request.build_absolute_uri(
            reverse("portal:powers") + "?" + urlencode({"agency": agency.code})
        ),
    }
    rows: list[dict[str, Any]] = []
    for item in items:
        versions = list(item.versions.all())
        current = next((v for v in versions if v.pk == item.current_version_id), versions[-1])
        rows.append(
            {
                **_version_data(current)["content"],
                "category_label": str(item.get_category_display()),
                "domain": current.domain.name,
                "version": current.number,
                "effective_on": current.effective_on.isoformat(),
                "url": request.build_absolute_uri(item.get_absolute_url()),
                "history": [_version_data(version) for version in versions],
            }
        )
    data["items"] = rows
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    filename = f"power-list-{agency.code}-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
