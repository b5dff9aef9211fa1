"""URL patterns of records (workbench only)."""

from django.urls import path

from sanxiang.records.views import access, casefile, documents, links, recordings, uploads

portal: list = []

workbench = [
    path("cases/<int:case_id>/recordings/new/", uploads.recording_new, name="recording-new"),
    path("cases/<int:case_id>/uploads/", uploads.upload_start, name="upload-start"),
    path("uploads/<slug:token>/", uploads.upload_chunk, name="upload"),
    path("uploads/<slug:token>/finish/", uploads.upload_finish, name="upload-finish"),
    path("recordings/<int:recording_id>/", recordings.recording_detail, name="recording"),
    path("recordings/<int:recording_id>/file/", recordings.recording_file, name="recording-file"),
    path("cases/<int:case_id>/access/", access.case_access, name="case-access"),
    path("parties/<int:party_id>/access/", access.party_access, name="party-access"),
    path("cases/<int:case_id>/access-log/", access.case_access_log, name="case-access-log"),
    path("cases/<int:case_id>/evidence/new/", casefile.evidence_new, name="evidence-new"),
    path("evidence/<int:evidence_id>/file/", casefile.evidence_file, name="evidence-file"),
    path(
        "cases/<int:case_id>/corrections/new/",
        casefile.correction_new,
        name="case-correction-new",
    ),
    path("cases/<int:case_id>/case-file.zip", casefile.case_export, name="case-export"),
    path("cases/<int:case_id>/archive/", casefile.case_archive, name="case-archive"),
    path("cases/<int:case_id>/package-links/", links.package_links, name="case-package-links"),
    path(
        "cases/<int:case_id>/package-links/<int:link_id>/revoke/",
        links.package_link_revoke,
        name="case-package-link-revoke",
    ),
    path("cases/<int:case_id>/documents/new/", documents.document_new, name="document-new"),
    path("documents/<int:document_id>/", documents.document_detail, name="document"),
    path("documents/<int:document_id>/file/", documents.document_file, name="document-file"),
    path("document-templates/", documents.template_list, name="document-templates"),
    path("document-templates/new/", documents.template_upload, name="document-template-new"),
    path(
        "document-templates/<int:template_id>/",
        documents.template_detail,
        name="document-template",
    ),
    path(
        "document-templates/<int:template_id>/file/",
        documents.template_file,
        name="document-template-file",
    ),
    path(
        "document-templates/standard/<slug:doc_type>.docx",
        documents.standard_template_file,
        name="document-template-standard",
    ),
]
