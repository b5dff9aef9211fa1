"""A Word template that is a bomb is refused before docxtpl or python-docx parse it."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sanxiang.records.documents import check_template

# Each entity is ten of the one before: &j; is 10^9 characters.
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "lol">'
          + b"".join(b'<!ENTITY %c "%s">' % (98 + n, b"&%c;" % (97 + n) * 10) for n in range(9))
          + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
          b"<w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>")  # fmt: skip


def _docx(document: bytes, padding_mb: int = 0) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", document)
        if padding_mb:
            with archive.open("word/media/image1.png", "w", force_zip64=True) as part:
                for _ in range(padding_mb):
                    part.write(b"\0" * (1 << 20))
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "fragment"),
    [(_docx(LAUGHS), "文档类型声明"), (_docx(b"<w:document/>", padding_mb=50), "解压炸弹")],
)
def test_a_bomb_template_is_refused_at_once(data, fragment):
    started = time.perf_counter()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        check_template(data)
    assert time.perf_counter() - started < 1
    assert fragment in str(refused.value)
