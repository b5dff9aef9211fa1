"""One reconsideration body for the served decision, the published text and the portal."""

from __future__ import annotations

import io

from django.urls import reverse
from docx import Document as WordDocument

from sanxiang.agencies.reconsideration import reconsideration_body
from sanxiang.ledger.store import open_blob_by_hash
from sanxiang.publicity.content import original_text


def _text(document) -> str:
    with open_blob_by_hash(document.digest) as handle:
        return "\n".join(p.text for p in WordDocument(io.BytesIO(handle.read())).paragraphs)


def test_the_decision_document_the_published_text_and_the_portal_name_the_same_body(
    decision, client
):
    """Rule "remedy.reconsideration_body": 行政复议法 第二十四条, one source for all."""
    body = reconsideration_body(decision.agency)
    assert body == "东丽区人民政府"
    served = _text(decision.document)
    assert f"向{body}申请行政复议" in served and "司法局" not in served
    assert f"向{body}申请行政复议" in original_text(decision, None)
    page = client.get(reverse("portal:agency", kwargs={"code": decision.agency.code}))
    assert body in page.content.decode()
