"""Credential verification (事中公示, plan P4): a citizen checks an officer's credential by
its number or by scanning the QR code on the card, which opens the page by an unguessable
token. Staff print the card and replace the code when a card is lost."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanxiang.agencies import permissions, selectors, services
from sanxiang.agencies.http import AuthedRequest
from sanxiang.agencies.models import Credential

_QR_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


def lookup(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("number", "").strip()
    error = ""
    if number:
        credential = selectors.public_credential_by_number(number=number)
        if credential is not None:
            return redirect("portal:credential", token=credential.public_token)
        error = _("No credential with the number %(number)s is published. Check the number.") % {
            "number": number
        }
    return render(request, "agencies/credential_lookup.html", {"number": number, "error": error})


def public_credential(request: HttpRequest, token: str) -> HttpResponse:
    credential = selectors.public_credential_by_token(token=token)
    if credential is None:  # never existed, or replaced after a card was lost: say which to do
        return render(request, "agencies/credential_invalid.html", status=404)
    context = {"credential": credential, "state": selectors.credential_state_today(credential)}
    return render(request, "agencies/credential_public.html", context)


def _public_url(request: HttpRequest, credential: Credential) -> str:
    return request.build_absolute_uri(
        reverse("portal:credential", kwargs={"token": credential.public_token})
    )


@login_required
def card(request: AuthedRequest, credential_id: int) -> HttpResponse:
    credential = selectors.get_credential_for_user(user=request.user, credential_id=credential_id)
    url = _public_url(request, credential)
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=5, xmldecl=False, svgns=True)
    context = {
        "credential": credential,
        "qr_svg": buffer.getvalue().decode(),
        "url": url,
        "can_manage": permissions.can_manage_people(request.user, credential.officer.agency),
        "lookup_url": request.build_absolute_uri(reverse("portal:credential-lookup"))
        + "?"
        + urlencode({"number": credential.number}),
    }
    return render(request, "agencies/credential_card.html", context)


@login_required
def qr_code(request: AuthedRequest, credential_id: int, fmt: str) -> HttpResponse:
    credential = selectors.get_credential_for_user(user=request.user, credential_id=credential_id)
    if fmt not in _QR_TYPES:
        raise Http404
    buffer = io.BytesIO()
    segno.make(_public_url(request, credential), error="m").save(buffer, kind=fmt, scale=10)
    response = HttpResponse(buffer.getvalue(), content_type=_QR_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="credential-{credential.pk}.{fmt}"'
    return response


@login_required
@require_POST
def rotate_code(request: AuthedRequest, credential_id: int) -> HttpResponse:
    credential = selectors.get_credential_for_user(user=request.user, credential_id=credential_id)
    if not permissions.can_manage_people(request.user, credential.officer.agency):
        raise PermissionDenied(_("Only the agency's system administrator may replace the code."))
    services.rotate_credential_token(actor=request.user, credential=credential)
    messages.success(request, _("A new code was made; the old code no longer opens the page."))
    return redirect("workbench:credential-card", credential_id=credential.pk)
