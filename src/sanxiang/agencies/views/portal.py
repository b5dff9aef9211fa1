"""Public portal pages of agencies and their officers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from sanxiang.agencies import selectors


def portal_agency_list(request: HttpRequest) -> HttpResponse:
    agencies = selectors.public_agencies().select_related("parent")
    return render(request, "agencies/portal_agency_list.html", {"agencies": agencies})


def portal_agency(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(selectors.public_agencies(), code=code)
    return render(
        request,
        "agencies/portal_agency.html",
        {
            "agency": agency,
            "departments": agency.departments.all(),
            "guides": selectors.public_guides().filter(agency=agency).exists(),
            "windows": agency.service_windows.filter(is_published=True),
        },
    )


def portal_officers(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(selectors.public_agencies(), code=code)
    today = timezone.localdate()
    rows = [
        (officer, officer.current_credential(today))
        for officer in selectors.public_officers(agency=agency)
    ]
    return render(request, "agencies/portal_officers.html", {"agency": agency, "rows": rows})
