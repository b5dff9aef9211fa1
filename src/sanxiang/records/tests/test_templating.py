"""Word templates cannot execute: the allow-list refuses every known sandbox-escape payload at
upload (naming the placeholder), and the sandbox under it refuses them at render time."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as WordDocument
from jinja2 import TemplateError
from jinja2.sandbox import SecurityError

from sanxiang.records import documents
from sanxiang.records.choices import DocumentType
from sanxiang.records.context import sample_context
from sanxiang.records.models import DocumentTemplate
from sanxiang.records.templating import DocumentEnvironment

# Known ways out of a Jinja template into Python, from public write-ups of SSTI attacks.
PAYLOADS = [
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ lipsum.__globals__.os.popen('id').read() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__.os.popen('id').read() }}",
    "{{ namespace.__init__.__globals__.os.popen('id').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''.__class__.__base__.__subclasses__() }}",
    "{{ case.__class__.__init__.__globals__ }}",
    "{{ party.name.__class__.__mro__ }}",
    "{{ party|attr('__class__') }}",
    "{{ party|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
    "{{ (party|attr('items'))() }}",
    "{{ party.name.upper() }}",
    "{{ party['name'] }}",
    "{{ case.number|format(party) }}",
    "{{ '%s' % party }}",
    "{{ range(10**9)|list }}",
    "{{ self }}",
    "{{ config }}",
    "{{ request }}",
    "{{ dict(a=1) }}",
    "{% set x = party %}{{ x }}",
    "{% macro m() %}x{% endmacro %}{{ m() }}",
    "{% include 'secret.txt' %}",
    "{% import 'os' as os %}",
    "{% with a = party %}{{ a }}{% endwith %}",
    "{% filter upper %}{{ party.name }}{% endfilter %}",
    "{% for x in officers recursive %}{{ loop(x) }}{% endfor %}",
    "{% for o in officers %}{{ loop.cycle('a', 'b') }}{% endfor %}",
    "{% for o in officers %}{{ loop.__class__ }}{% endfor %}",
    "{{ loop.index }}",
    "{% for o in party.items() %}{{ o }}{% endfor %}",
    "{{ party.name|map('upper')|list }}",
    "{{ party.name|safe }}",
]


def _docx(*lines: str) -> bytes:
    document = WordDocument()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_template_that_escapes_the_sandbox_is_refused_at_upload(wanxin, head, payload):
    with pytest.raises(ValidationError) as excinfo:
        documents.upload_template(
            actor=head, agency=wanxin, doc_type=DocumentType.PENALTY_NOTICE,
            fileobj=io.BytesIO(_docx("案号：{{ case.number }}", payload)), filename="x.docx",
        )  # fmt: skip
    message = " ".join(excinfo.value.messages)
    assert "不允许" in message or "无法识别" in message
    assert not DocumentTemplate.objects.filter(agency=wanxin).exists()


def test_the_refusal_names_the_placeholder(wanxin, head):
    with pytest.raises(ValidationError) as excinfo:
        documents.check_template(_docx("{{ lipsum.__globals__['os'].popen('id').read() }}"))
    assert "lipsum" in " ".join(excinfo.value.messages)


def test_no_shell_command_runs_from_an_uploaded_template(client, wanxin, head, tmp_path):
    """The reported attack, through the workbench form: the marker file is never written."""
    marker = tmp_path / "pwned"
    payload = "{{ lipsum.__globals__['os'].system('touch " + str(marker) + "') }}"
    client.force_login(head)
    response = client.post(
        reverse("workbench:document-template-new"),
        {"doc_type": DocumentType.PENALTY_NOTICE,
         "file": SimpleUploadedFile("告知书.docx", _docx(payload))},
    )  # fmt: skip
    assert response.status_code == 200
    assert "不允许" in response.content.decode()
    assert not marker.exists()
    assert not DocumentTemplate.objects.filter(agency=wanxin).exists()


@pytest.mark.parametrize(
    "source",
    [
        "{{ party.name.__class__ }}",
        "{{ party.name.upper() }}",
        "{% for o in officers %}{{ loop.cycle('a') }}{% endfor %}",
        "{{ lipsum }}",
        "{{ party|attr('__class__') }}",
    ],
)
def test_the_sandbox_refuses_what_the_allow_list_would_miss(source):
    """Defence in depth: with the allow-list switched off, the sandbox still refuses."""

    class WithoutAllowList(DocumentEnvironment):
        def _parse(self, source, name, filename):
            return super(DocumentEnvironment, self)._parse(source, name, filename)

    environment = WithoutAllowList(sample_context())
    with pytest.raises((SecurityError, TemplateError)):
        environment.from_string(source).render(sample_context())


def test_the_documented_placeholders_still_render():
    environment = DocumentEnvironment(sample_context())
    source = (
        "{{ case.number }}{% if party.legal_representative and not party.name %}x{% endif %}"
        "{% for o in officers %}{{ loop.index }}{{ o.name|default('') }}"
        "{% if not loop.last %}、{% endif %}{% endfor %}{{ officers|length }}"
        "{% if decision.fine == '示例' %}罚{% elif case.title %}题{% else %}无{% endif %}"
    )
    assert environment.from_string(source).render(sample_context()) == "示例1王五1罚"


@pytest.mark.parametrize("part", ["header", "footer", "title"])
def test_every_part_of_the_word_file_is_checked(part):
    document = WordDocument()
    document.add_paragraph("{{ case.number }}")
    payload = "{{ cycler.__init__.__globals__.os.popen('id').read() }}"
    if part == "title":
        document.core_properties.title = payload
    else:
        getattr(document.sections[0], part).paragraphs[0].text = payload
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(ValidationError):
        documents.check_template(out.getvalue())
