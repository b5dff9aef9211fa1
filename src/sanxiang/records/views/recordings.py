"""The recording page (metadata, hash, ledger entry, playback) and the file itself."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from sanxiang.agencies.http import AuthedRequest
from sanxiang.records import access, selectors
from sanxiang.records.serving import serve_blob

# What browsers play natively (HTML media elements); other formats are downloaded.
PLAYABLE = {
    "video/mp4", "video/webm", "video/ogg", "audio/mpeg", "audio/mp4", "audio/ogg",
    "audio/wav", "audio/x-wav", "audio/webm", "audio/aac", "audio/flac", "audio/x-flac",
    "audio/m4a",
}  # fmt: skip


@login_required
def recording_detail(request: AuthedRequest, recording_id: int) -> HttpResponse:
    recording = selectors.get_recording_for_user(user=request.user, recording_id=recording_id)
    gate = access.gate(request, recording.case, recording, action=access.Action.VIEW)
    if gate is not None:
        return gate
    context = {
        "recording": recording, "case": recording.case,
        "playable": recording.media_type in PLAYABLE,
    }  # fmt: skip
    return render(request, "records/recording_detail.html", context)


@login_required
def recording_file(request: AuthedRequest, recording_id: int) -> HttpResponseBase:
    recording = selectors.get_recording_for_user(user=request.user, recording_id=recording_id)
    inline = request.GET.get("play") == "1"
    action = access.Action.PLAY if inline else access.Action.DOWNLOAD
    gate = access.gate(request, recording.case, recording, action=action)
    if gate is not None:
        return gate
    return serve_blob(
        request, recording.digest, media_type=recording.media_type,
        filename=recording.original_name, inline=inline,
    )  # fmt: skip
