"""Fuzzing document generation (records/documents.py, docx_standard.py): hostile text from a
case — XML special characters, control characters, placeholders, very long text — fills every
standard template into a Word file that opens, and any upload as a template is either taken
or refused with a ValidationError."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from fuzzing import FUZZ, FUZZ_SLOW
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from sanxiang.records import docx_standard
from sanxiang.records.choices import DocumentType
from sanxiang.records.context import sample_context
from sanxiang.records.documents import _render, check_template

HOSTILE = st.one_of(
    st.text(max_size=60),
    st.sampled_from([
        "<w:p>&amp;</w:p>", "]]><![CDATA[", "{{ agency.name }}", "{% for x in y %}", "\x00\x01\x0b\x1f",
        "张三 & 李四 <公司> \"引号\" '单引号'", "\ufffe\uffff", "\ud7ff\ue000", "‮反转", "长" * 20000,
        "甲\x0b乙<丙>&丁", "事实\x01经过\x1f：<b>罚款</b> & 没收",
    ]),
)  # fmt: skip


def _xml_legal(c: str) -> bool:
    """A character XML 1.0 allows (§2.2): what a Word file may contain."""
    n = ord(c)
    return c in "\t\n\r" or 0x20 <= n <= 0xD7FF or 0xE000 <= n <= 0xFFFD or n >= 0x10000


def _replace_strings(value: Any, text: str) -> Any:
    if isinstance(value, dict):
        return {key: _replace_strings(item, text) for key, item in value.items()}
    if isinstance(value, list):
        return [_replace_strings(item, text) for item in value]
    return text if isinstance(value, str) else value


def _document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


TEMPLATES = {doc_type: docx_standard.build(doc_type) for doc_type in DocumentType.values}


@FUZZ
@given(doc_type=st.sampled_from(sorted(TEMPLATES)), text=HOSTILE)
@example(doc_type=DocumentType.INSPECTION_RECORD, text="甲\x0b乙<丙>&丁")  # cut after \x0b before
def test_hostile_case_text_fills_every_standard_template_into_a_word_file_that_opens(
    doc_type, text
):
    data = _render(TEMPLATES[doc_type], _replace_strings(sample_context(), text))
    root = _document_xml(data)  # lxml refuses what Word would refuse as a damaged file
    shown = "".join(c for c in "".join(root.itertext()) if not c.isspace())
    expected = "".join(c for c in text if _xml_legal(c) and not c.isspace())
    if "{" not in expected:
        assert expected[:50] in shown


def _docx_with(document_xml: bytes) -> bytes:
    template = TEMPLATES[DocumentType.INSPECTION_RECORD]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, document_xml if item.filename == "word/document.xml" else data)
    return out.getvalue()


BODY = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>'
UPLOADS = st.one_of(
    st.binary(max_size=400),
    st.binary(max_size=400).map(_docx_with),
    st.text(max_size=80).map(lambda t: _docx_with(t.encode("utf-8", "surrogatepass"))),
    st.sampled_from(["{{ agency.name", "{{ nope }}", "{% if %}", "{{ agency.__class__ }}",
                     "{{ ''.__class__.__mro__ }}", "{{ party.name|safe }}", "{% include 'x' %}",
                     "{{ 1/0 }}", "{{ agency.name * 100000000 }}", "{%p for x in parties %}"])
    .map(lambda t: _docx_with(BODY.format(t).encode())),
)  # fmt: skip


@FUZZ_SLOW
@given(data=UPLOADS)
@example(data=b"")
@example(data=_docx_with(b""))  # was an lxml XMLSyntaxError: a server error on upload
def test_any_upload_as_template_is_taken_or_refused_with_a_validation_error(data):
    try:
        check_template(data)
    except ValidationError as error:
        assert error.message_dict["file"]


@pytest.mark.parametrize("doc_type", sorted(TEMPLATES))
def test_every_standard_template_passes_its_own_check(doc_type):
    check_template(TEMPLATES[doc_type])
