"""Documents (文书): generating one, its page and file (.docx, PDF where LibreOffice is
installed), and the templates with their filing status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sanxiang.agencies.http import AuthedRequest
from sanxiang.cases.selectors import CaseAction, get_case_for_user
from sanxiang.core.forms import add_service_errors
from sanxiang.ledger.store import open_blob_by_hash
from sanxiang.records import access, documents, pdf, permissions, selectors
from sanxiang.records.choices import DocumentType
from sanxiang.records.forms import FilingForm, GenerateDocumentForm, TemplateUploadForm
from sanxiang.records.models import DocumentTemplate
from sanxiang.records.serving import disposition, serve_blob

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def document_new(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(user=request.user, case_id=case_id, action=CaseAction.HANDLE)
    form = GenerateDocumentForm(request.POST or None, case=case, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            document = documents.generate_document(
                actor=request.user, case=case, doc_type=form.cleaned_data["doc_type"],
                act=form.cleaned_data["act"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Document %(number)s made.") % {"number": document.number})
            return redirect(document)
    return render(request, "records/document_form.html", {"form": form, "case": case})


@login_required
def document_detail(request: AuthedRequest, document_id: int) -> HttpResponse:
    document = selectors.get_document_for_user(user=request.user, document_id=document_id)
    if (gate := access.gate(request, document.case, document)) is not None:
        return gate
    context = {"document": document, "case": document.case, "pdf": pdf.soffice() is not None}
    return render(request, "records/document_detail.html", context)


@login_required
def document_file(request: AuthedRequest, document_id: int) -> HttpResponseBase:
    document = selectors.get_document_for_user(user=request.user, document_id=document_id)
    gate = access.gate(request, document.case, document, action=access.Action.DOWNLOAD)
    if gate is not None:
        return gate
    if request.GET.get("format") != "pdf":
        return serve_blob(request, document.digest, media_type=DOCX, filename=document.filename)
    with open_blob_by_hash(document.digest) as handle:
        try:
            data = pdf.docx_to_pdf(handle.read())
        except pdf.ConversionFailed:
            messages.error(request, _("PDF is not available here: LibreOffice is not installed."))
            return redirect(document)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = disposition(
        document.filename.removesuffix(".docx") + ".pdf", inline=False
    )
    return response


@login_required
def template_list(request: AuthedRequest) -> HttpResponse:
    agency = request.user.agency
    rows = []
    for doc_type in DocumentType:
        versions = list(selectors.template_versions(agency=agency, doc_type=doc_type))
        in_use = next((t for t in versions if t.usable and t.agency_id), None)
        rows.append({"doc_type": doc_type, "versions": versions, "in_use": in_use})
    context = {
        "rows": rows, "agency": agency,
        "can_manage": agency is not None and permissions.can_manage_templates(request.user, agency),
    }  # fmt: skip
    return render(request, "records/template_list.html", context)


@login_required
def template_upload(request: AuthedRequest) -> HttpResponse:
    agency = request.user.agency
    if agency is None or not permissions.can_manage_templates(request.user, agency):
        raise PermissionDenied(_("Only the agency's head or administrator manages templates."))
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            template = documents.upload_template(
                actor=request.user, agency=agency, doc_type=form.cleaned_data["doc_type"],
                fileobj=upload, filename=upload.name,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Template uploaded. It can be used once it is filed."))
            return redirect(template)
    return render(request, "records/template_form.html", {"form": form})


def _template_for_user(request: AuthedRequest, template_id: int) -> DocumentTemplate:
    template = selectors.templates_visible_to(user=request.user).filter(pk=template_id).first()
    if template is None:
        raise Http404
    return template


@login_required
def template_detail(request: AuthedRequest, template_id: int) -> HttpResponse:
    template = _template_for_user(request, template_id)
    can_file = (
        template.agency is not None
        and template.status == "unfiled"
        and permissions.can_record_filing(request.user, template.agency)
    )
    form = FilingForm(request.POST or None)
    if request.method == "POST":
        if not can_file:
            raise PermissionDenied(_("You may not record this template's filing."))
        if form.is_valid():
            try:
                documents.record_filing(actor=request.user, template=template, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Filing recorded: the template is now in use."))
                return redirect(template)
    context = {"template": template, "form": form, "can_file": can_file}
    return render(request, "records/template_detail.html", context)


@login_required
def template_file(request: AuthedRequest, template_id: int) -> HttpResponseBase:
    template = _template_for_user(request, template_id)
    return serve_blob(request, template.digest, media_type=DOCX, filename=template.original_name)


@login_required
def standard_template_file(request: AuthedRequest, doc_type: str) -> HttpResponseBase:
    if doc_type not in DocumentType.values:
        raise Http404
    template = documents.standard_template(doc_type)
    return serve_blob(request, template.digest, media_type=DOCX, filename=template.original_name)
