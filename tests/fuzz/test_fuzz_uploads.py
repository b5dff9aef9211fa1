"""Fuzzing upload sniffing (records/evidence.py, ``filetype``) and serving (records/serving.py):
whatever bytes an upload holds, and whatever its name says, it is never served with a type a
browser would run (HTML, SVG, XML, script), always with ``nosniff``, and inline only as a
picture or a PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from fuzzing import FUZZ_SLOW
from hypothesis import given
from hypothesis import strategies as st

from sanxiang.records.choices import EvidenceKind
from sanxiang.records.evidence import add_evidence

HEADS = [b"GIF89a", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"%PDF-1.4\n", b"PK\x03\x04",
         b"RIFF\x00\x00\x00\x00WEBP", b"\x00\x00\x00\x18ftypmp42", b"", b"\xef\xbb\xbf"]  # fmt: skip
ACTIVE = [b"<script>alert(document.cookie)</script>", b"<svg xmlns='http://www.w3.org/2000/svg' "
          b"onload='alert(1)'/>", b"<!DOCTYPE html><html><body onload=alert(1)>",
          b"<?xml version='1.0'?><x:script xmlns:x='http://www.w3.org/1999/xhtml'>alert(1)"
          b"</x:script>", b"/*\x00*/=1;alert(1)//"]  # fmt: skip
POLYGLOTS = st.builds(
    lambda head, active, noise: head + noise + active,
    st.sampled_from(HEADS),
    st.sampled_from(ACTIVE),
    st.binary(max_size=40),
)
NAMES = st.sampled_from(
    ["照片.jpg", "x.svg", "x.html", "x.png.html", "证据.pdf", "a.js", "b", "名"]
)
RUNNABLE = ("html", "xml", "svg", "javascript", "ecmascript", "text/")


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client


@FUZZ_SLOW
@given(data=st.one_of(POLYGLOTS, st.binary(min_size=1, max_size=300)), name=NAMES,
       kind=st.sampled_from([EvidenceKind.PHOTO, EvidenceKind.OTHER]))  # fmt: skip
def test_no_upload_is_ever_served_as_something_a_browser_runs(
    case, officer, officer_client, data, name, kind
):
    try:
        evidence = add_evidence(
            actor=officer, case=case, fileobj=io.BytesIO(data), filename=name, kind=kind,
            title="现场照片", collected_on=dt.date.today(),
        )  # fmt: skip
    except ValidationError as error:
        assert kind == EvidenceKind.PHOTO and "file" in error.message_dict
        return
    assert not any(word in evidence.media_type for word in RUNNABLE)
    response = officer_client.get(reverse("workbench:evidence-file", args=[evidence.pk]))
    assert response.status_code == 200
    content_type = response["Content-Type"]
    assert not any(word in content_type for word in RUNNABLE), content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    if response["Content-Disposition"].startswith("inline"):
        assert content_type.startswith("image/") or content_type == "application/pdf"
    assert b"".join(response.streaming_content) == data
