"""Public files of the portal: the guides' sample forms and the officers' photos.

Uploaded files live under MEDIA_ROOT, which is never served as a whole (case files are
there too). Each public kind has a view that checks the file is public now (a published
guide of a public agency; an officer on duty there) and serves it with its type and a
Chinese file name, under runserver and in production alike (docs/architecture.md tells
how to let nginx send the bytes).
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePath
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from sanxiang.agencies import selectors
from sanxiang.agencies.choices import OfficerStatus
from sanxiang.agencies.models import GuideMaterial, Officer

PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


def _open(field_file: Any) -> Any:
    try:
        return field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing


def guide_sample(request: HttpRequest, material_id: int) -> FileResponse:
    material = get_object_or_404(
        GuideMaterial.objects.filter(guide__in=selectors.public_guides()), pk=material_id
    )
    if not material.sample_form:
        raise Http404
    suffix = PurePath(material.sample_form.name).suffix.lower()
    content_type = mimetypes.guess_type(f"x{suffix}")[0] or "application/octet-stream"
    return FileResponse(
        _open(material.sample_form), as_attachment=True,
        filename=f"{material.name}（样表）{suffix}", content_type=content_type,
    )  # fmt: skip


def officer_photo(request: HttpRequest, officer_id: int) -> FileResponse:
    officer = get_object_or_404(
        Officer.objects.filter(status=OfficerStatus.ACTIVE, agency__in=selectors.public_agencies()),
        pk=officer_id,
    )
    if not officer.photo:
        raise Http404
    content_type = mimetypes.guess_type(officer.photo.name)[0] or ""
    if content_type not in PHOTO_TYPES:  # only pictures are shown inline
        raise Http404
    return FileResponse(_open(officer.photo), content_type=content_type)
