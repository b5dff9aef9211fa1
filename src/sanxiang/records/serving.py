"""Serving stored files to the browser: whole, or one byte range (HTTP Range, RFC 9110 §14)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO
from urllib.parse import quote

from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)

from sanxiang.ledger.models import Blob
from sanxiang.ledger.store import get_blob, open_blob

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_BLOCK = 256 * 1024


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) of a single satisfiable range, or None to send the whole file."""
    match = _RANGE.match(header.strip())
    if not match or size == 0:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":  # the final N bytes
        return max(size - int(last), 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end else (size, size)


def _stream(handle: IO[bytes], length: int) -> Iterator[bytes]:
    with handle:
        while length > 0 and (chunk := handle.read(min(_BLOCK, length))):
            length -= len(chunk)
            yield chunk


def disposition(filename: str, *, inline: bool) -> str:
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename*=UTF-8''{quote(filename)}"


def serve_blob(
    request: HttpRequest, digest: str, *, media_type: str, filename: str, inline: bool = False
) -> HttpResponseBase:
    """The stored file under ``digest``, honouring a single Range request (for video seeking)."""
    blob: Blob | None = get_blob(digest)
    if blob is None:
        return HttpResponse(status=404)
    handle = open_blob(blob)
    wanted = _byte_range(request.headers.get("Range", ""), blob.size)
    if wanted is None:
        response: HttpResponseBase = FileResponse(handle, content_type=media_type)
        response["Content-Length"] = str(blob.size)
    elif wanted[0] >= blob.size:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{blob.size}"
        return response
    else:
        first, last = wanted
        handle.seek(first)
        response = StreamingHttpResponse(
            _stream(handle, last - first + 1), status=206, content_type=media_type
        )
        response["Content-Range"] = f"bytes {first}-{last}/{blob.size}"
        response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response
