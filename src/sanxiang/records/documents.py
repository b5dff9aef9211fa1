"""Writes of documents (文书, R1): template versions, their filing (备案), and generation.

A template is checked on upload: it must be a Word file whose placeholders parse and name
only what a document knows (``SAMPLE_CONTEXT``); a trial render with strict undefined
variables catches a misspelt field. An adaptation is usable only once filed with the
district justice bureau; until an agency has a filed adaptation, the standard one is used.
A generated document takes its number (文号), goes into the evidence store and the ledger.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError

from sanxiang.agencies.choices import PowerCategory
from sanxiang.agencies.models import Agency, User
from sanxiang.cases.choices import Procedure
from sanxiang.cases.models import Act, Case
from sanxiang.core import officefiles
from sanxiang.core.rulebook import raise_refusals, refusal
from sanxiang.ledger.store import open_blob_by_hash, store_file
from sanxiang.records import docx_standard, permissions, rulebook
from sanxiang.records.choices import (
    DECISION_DOCUMENTS,
    STEP_DOCUMENTS,
    DocumentType,
    FilingStatus,
)
from sanxiang.records.context import document_context, sample_context
from sanxiang.records.models import Document, DocumentSequence, DocumentTemplate
from sanxiang.records.templating import DocumentEnvironment, PlaceholderNotAllowed

# The mark a document number carries for its type (万新街罚决〔2026〕3号).
NUMBER_MARK = {
    DocumentType.FILING_APPROVAL: "立审", DocumentType.INSPECTION_RECORD: "检笔",
    DocumentType.INQUIRY_RECORD: "询笔", DocumentType.RECTIFICATION_ORDER: "责改",
    DocumentType.SEIZURE_DECISION: "强扣", DocumentType.PENALTY_NOTICE: "罚告",
    DocumentType.HEARING_NOTICE: "听告", DocumentType.HEARING_RECORD: "听笔",
    DocumentType.PENALTY_DECISION: "罚决", DocumentType.SUMMARY_DECISION: "当罚",
    DocumentType.SERVICE_RECEIPT: "送回", DocumentType.CLOSING_APPROVAL: "结审",
    DocumentType.EXTENSION_APPROVAL: "延审",
    DocumentType.EVIDENCE_LIST: "证清", DocumentType.ENFORCEMENT_DECISION: "决",
}  # fmt: skip
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


# Characters XML 1.0 forbids (§2.2). Text pasted from Word or Excel can carry them (\x0b is
# Word's manual line break); docxtpl then drops the rest of the text after one, silently.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(value: Any) -> Any:
    """``value`` with every string in it stripped of characters a Word file cannot hold."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_xml_safe(item) for item in value]
    return value


def _render(template_bytes: bytes, context: dict[str, Any]) -> bytes:
    # Templates are user input: rendered only in the sandboxed, allow-listed environment,
    # whose allow-list is what a document knows (every field of the sample context).
    template = DocxTemplate(io.BytesIO(template_bytes))
    template.render(_xml_safe(context), DocumentEnvironment(sample_context()))
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def check_template(data: bytes) -> None:
    """Refuse a file that is not a Word document or whose placeholders are broken."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            is_word = "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        is_word = False
    if not is_word:
        raise ValidationError({"file": _("This is not a Word (.docx) file.")})
    try:
        officefiles.inspect(io.BytesIO(data), kind="document")
    except officefiles.FileRefused as refused:
        raise ValidationError({"file": refused.message}) from refused
    try:
        _render(data, sample_context())
    except PlaceholderNotAllowed as error:
        if error.unknown:
            raise _unknown_placeholder(error.placeholder) from error
        raise ValidationError(
            {"file": _("A placeholder is not allowed: %(placeholder)s. A template may only "
                       "show the fields of the standard template, with simple {%% if %%} and "
                       "{%% for %%}.") % {"placeholder": error.placeholder}}
        ) from error  # fmt: skip
    except TemplateSyntaxError as error:
        raise ValidationError(
            {"file": _("A placeholder is broken (%(problem)s): write each {{ … }} and "
                       "{%% … %%} whole, with its closing braces.") % {"problem": error.message}}
        ) from error  # fmt: skip
    except TemplateError as error:
        raise _unknown_placeholder(error.message or "") from error
    except Exception as error:  # docxtpl, python-docx and lxml raise many kinds on a damaged file
        raise ValidationError(
            {
                "file": _(
                    "The Word file could not be read; it may be damaged. Save it again as .docx."
                )
            }
        ) from error


def _unknown_placeholder(problem: str) -> ValidationError:
    return ValidationError(
        {"file": _("A placeholder names something a document does not know (%(problem)s). "
                   "Use the fields of the standard template.") % {"problem": problem}}
    )  # fmt: skip


def _store_template(
    *, actor: User | None, agency: Agency | None, doc_type: str, data: bytes, name: str,
    status: FilingStatus, version_at_least: int = 1,
) -> DocumentTemplate:  # fmt: skip
    version = (
        DocumentTemplate.objects.filter(agency=agency, doc_type=doc_type).aggregate(
            v=Max("version")
        )["v"]
        or 0
    ) + 1
    version = max(version, version_at_least)
    blob = store_file(
        fileobj=io.BytesIO(data), actor=actor, kind="records.template", name=name,
        subject=f"agency:{agency.pk}" if agency else "records:standard-templates",
        payload={"agency": agency.code if agency else "", "doc_type": doc_type,
                 "version": version, "status": status},
    )  # fmt: skip
    return DocumentTemplate.objects.create(
        agency=agency, doc_type=doc_type, version=version, digest=blob.digest, original_name=name,
        status=status, uploaded_by=actor, uploaded_at=timezone.now(),
        ledger_seq=blob.entry.seq,  # type: ignore[attr-defined]
    )  # fmt: skip


def standard_template(doc_type: str) -> DocumentTemplate:
    """The standard template of ``doc_type``, built and stored the first time it is needed."""
    revision = docx_standard.REVISIONS.get(doc_type, 1)
    existing = DocumentTemplate.objects.filter(agency=None, doc_type=doc_type).first()
    if existing is not None and existing.version >= revision:
        return existing
    with transaction.atomic():
        return _store_template(
            actor=None, agency=None, doc_type=doc_type, data=docx_standard.build(doc_type),
            name=f"{DocumentType(doc_type).label}.docx", status=FilingStatus.STANDARD,
            version_at_least=revision,
        )  # fmt: skip


@transaction.atomic(durable=True)
def upload_template(
    *, actor: User, agency: Agency, doc_type: str, fileobj: IO[bytes], filename: str
) -> DocumentTemplate:
    """An agency's adapted template: checked, stored as a new version, not yet filed."""
    if not permissions.can_manage_templates(actor, agency):
        raise PermissionDenied(_("Only the agency's head or administrator manages templates."))
    if doc_type not in DocumentType.values:
        raise ValidationError({"doc_type": _("Choose a document type.")})
    data = fileobj.read(MAX_TEMPLATE_BYTES + 1)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError({"file": _("A template may not be larger than 5 MB.")})
    check_template(data)
    return _store_template(
        actor=actor, agency=agency, doc_type=doc_type, data=data, name=filename[:255],
        status=FilingStatus.UNFILED,
    )  # fmt: skip


@transaction.atomic(durable=True)
def record_filing(
    *, actor: User, template: DocumentTemplate, filed_on: Any, filing_number: str
) -> DocumentTemplate:
    """Record that an adaptation was filed (备案) with the district justice bureau."""
    template = DocumentTemplate.objects.select_for_update().get(pk=template.pk)
    if template.agency is None or not permissions.can_record_filing(actor, template.agency):
        raise PermissionDenied(_("Only the agency's head or administrator, or its supervisor, "
                                 "records a filing."))  # fmt: skip
    if template.status != FilingStatus.UNFILED:
        raise ValidationError(_("This template version is already filed."))
    if not filing_number.strip():
        raise ValidationError({"filing_number": _("Enter the filing number.")})
    if filed_on > timezone.localdate() or filed_on < timezone.localdate(template.uploaded_at):
        raise ValidationError(
            {"filed_on": _("The filing date must be between the upload and today.")}
        )
    template.status = FilingStatus.FILED
    template.filed_on = filed_on
    template.filing_number = filing_number.strip()
    template.filing_recorded_by = actor
    template.save(update_fields=["status", "filed_on", "filing_number", "filing_recorded_by"])
    from sanxiang.ledger import services as ledger

    ledger.append(
        kind="records.template_filed", actor=actor, subject=f"agency:{template.agency.pk}",
        payload={"template": template.digest, "doc_type": template.doc_type,
                 "version": template.version, "filed_on": filed_on.isoformat(),
                 "filing_number": template.filing_number},
    )  # fmt: skip
    return template


def template_for(agency: Agency, doc_type: str) -> DocumentTemplate:
    """The agency's latest filed adaptation of ``doc_type``, else the standard template."""
    adapted = (
        DocumentTemplate.objects.filter(agency=agency, doc_type=doc_type, status=FilingStatus.FILED)
        .order_by("-version")
        .first()
    )
    return adapted or standard_template(doc_type)


def decision_document_type(case: Case) -> DocumentType:
    """The document a decision on ``case`` is written in (行政处罚法 第五十二条/第五十九条)."""
    if case.procedure == Procedure.SUMMARY:
        return DocumentType.SUMMARY_DECISION
    if case.category == PowerCategory.PENALTY:
        return DocumentType.PENALTY_DECISION
    return DocumentType.ENFORCEMENT_DECISION


def _take_number(case: Case, doc_type: str, year: int) -> str:
    sequence, _created = DocumentSequence.objects.get_or_create(
        agency_id=case.agency_id, doc_type=doc_type, year=year
    )
    sequence = DocumentSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last_serial += 1
    sequence.save(update_fields=["last_serial"])
    short = case.agency.short_name or case.agency.name
    return f"{short}{NUMBER_MARK[DocumentType(doc_type)]}〔{year}〕{sequence.last_serial}号"


@transaction.atomic(durable=True)
def generate_document(
    *, actor: User, case: Case, doc_type: str, act: Act | None = None, on: dt.date | None = None
) -> Document:
    """Fill the template with the case and store the result as a numbered document."""
    case = Case.objects.select_for_update().select_related("agency").get(pk=case.pk)
    if not permissions.can_write_records(actor, case):
        raise PermissionDenied(_("Only the case's handling officers may make its documents."))
    if doc_type in DECISION_DOCUMENTS:
        raise ValidationError({"doc_type": _(
            "The decision document is made with the decision, by the head (作出决定)."
        )})  # fmt: skip
    if doc_type in STEP_DOCUMENTS and (
        case.decided_on is None or act is None or not act.service_method
    ):
        raise_refusals([refusal(rulebook.STEP_DOCUMENTS, _(
            "A proof of service is made when a decision is served (it is made with the "
            "service); on its own only after the decision, for a service act with its method."
        ), "doc_type")])  # fmt: skip
    return create_document(actor=actor, case=case, doc_type=doc_type, act=act, on=on)


def create_document(
    *, actor: User, case: Case, doc_type: str, act: Act | None = None, on: dt.date | None = None,
    number: str = "", extra: dict[str, Any] | None = None, step: str = "",
) -> Document:  # fmt: skip
    """Make a document inside the caller's transaction (the caller checked who may).

    ``on`` dates the document (and its number's year); ``number`` replaces the document's own
    sequence (a decision document carries the decision's number); ``extra`` adds fields the
    caller knows (``decision``, ``service``); ``step`` names the step making a step document
    (``STEP_DOCUMENTS``). The file is a few kilobytes, so it is stored
    inside the transaction: the document exists with its decision or not at all.
    """
    case = Case.objects.select_for_update().select_related("agency").get(pk=case.pk)
    if case.is_frozen:
        raise ValidationError(_("This case is archived and its file is frozen."))
    if doc_type not in DocumentType.values:
        raise ValidationError({"doc_type": _("Choose a document type.")})
    if act is not None and act.case_id != case.pk:
        raise ValidationError({"act": _("The act belongs to another case.")})
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({"on": _("The date cannot be in the future.")})
    template = template_for(case.agency, doc_type)
    with open_blob_by_hash(template.digest) as handle:
        template_bytes = handle.read()
    number = number or _take_number(case, doc_type, on.year)
    if Document.objects.filter(number=number).exists():
        raise ValidationError({"number": _("This document number is already used.")})
    try:
        data = _render(
            template_bytes, document_context(case, act, number=number, on=on, extra=extra)
        )
        # Every generated document on A4 with the official margins (records.paper_size),
        # whatever page the template (an older standard one, an adaptation) was set up on.
        data = docx_standard.on_official_page(data)
    except TemplateError as error:
        raise ValidationError(
            _("The template could not be filled (%(problem)s).") % {"problem": error.message}
        ) from error
    label = DocumentType(doc_type).label
    blob = store_file(
        fileobj=io.BytesIO(data), actor=actor, kind="records.document", subject=f"case:{case.pk}",
        name=f"{number} {label}.docx",
        payload={"case": case.number, "doc_type": doc_type, "number": number,
                 "act": act.pk if act else None, "template": template.digest,
                 "on": on.isoformat()},
    )  # fmt: skip
    return Document.objects.create(
        case=case, act=act, doc_type=doc_type, number=number, template=template,
        digest=blob.digest, size=blob.size, generated_by=actor, generated_at=_at(on),
        ledger_seq=blob.entry.seq,  # type: ignore[attr-defined]
        step=step if STEP_DOCUMENTS.get(DocumentType(doc_type)) == step else "",
    )  # fmt: skip


def _at(on: dt.date) -> dt.datetime:
    """When a document dated ``on`` was made: now, or for a past date, that day's office hours."""
    now = timezone.now()
    if on >= timezone.localdate(now):
        return now
    return timezone.make_aware(dt.datetime.combine(on, dt.time(10, 0)))
