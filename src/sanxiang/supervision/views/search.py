"""The data centre's search page: one box, facets by kind and agency, pages of hits."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sanxiang.agencies.http import AuthedRequest
from sanxiang.agencies.selectors import agencies_visible_to
from sanxiang.supervision import search as data_centre

PAGE_SIZE = 20


def _agency_id(raw: str | None, request: AuthedRequest) -> tuple[int | None, str]:
    if not raw:
        return None, ""
    if raw.isdigit() and agencies_visible_to(user=request.user).filter(pk=int(raw)).exists():
        return int(raw), ""
    return None, _("That agency is outside your scope: you can search only agencies you may see.")


@login_required
def search(request: AuthedRequest) -> HttpResponse:
    q = data_centre.clean_query(request.GET.get("q", ""))
    kind = data_centre.BY_KEY.get(request.GET.get("kind", ""))
    agency_id, error = _agency_id(request.GET.get("agency"), request)
    context: dict[str, object] = {"q": q, "kind": kind, "agency_id": agency_id, "error": error,
                                  "kinds": data_centre.KINDS}  # fmt: skip
    if q and not error:
        kinds = [kind] if kind else list(data_centre.KINDS)
        results = data_centre.facets(request.user, q, agency_id, list(data_centre.KINDS))
        names = dict(
            agencies_visible_to(user=request.user)
            .filter(pk__in=list(results.agencies))
            .values_list("pk", "short_name")
        )
        context["counts"] = [(k, results.counts[k.key]) for k in data_centre.KINDS]
        context["agency_facets"] = sorted(
            ((pk, names.get(pk) or str(pk), n) for pk, n in results.agencies.items()),
            key=lambda row: -row[2],
        )
        if kind:
            found = data_centre.matches(kind, request.user, q, agency_id).order_by("-pk")
            page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
            context["page"] = page
            context["hits"] = [(kind, kind.hit(obj)) for obj in page]
        else:
            context["hits"] = [
                (k, k.hit(obj))
                for k in kinds
                if results.counts[k.key]
                for obj in data_centre.matches(k, request.user, q, agency_id).order_by("-pk")[
                    : data_centre.PREVIEW
                ]
            ]
    return render(request, "supervision/search.html", context)
