"""URL patterns of supervision."""

from django.urls import path

from sanxiang.supervision.views import dashboards, evaluation, reports, search, warnings

portal: list = [
    path("annual-reports/<slug:code>/", reports.portal_reports, name="annual-reports"),
    path("annual-reports/<slug:code>/<int:year>/", reports.portal_report, name="annual-report"),
    path(
        "annual-reports/<slug:code>/<int:year>/report.pdf",
        reports.portal_report_pdf,
        name="annual-report-pdf",
    ),
]

workbench = [
    path("warnings/", warnings.warning_list, name="warnings"),
    path("warnings/<int:warning_id>/", warnings.warning_detail, name="warning"),
    path(
        "warnings/<int:warning_id>/<slug:action>/", warnings.warning_action, name="warning-action"
    ),
    path("evaluation/", evaluation.round_list, name="evaluation-rounds"),
    path("evaluation/new/", evaluation.round_create, name="evaluation-round-new"),
    path("evaluation/<int:round_id>/", evaluation.round_detail, name="evaluation-round"),
    path(
        "evaluation/<int:round_id>/<slug:action>/",
        evaluation.round_action,
        name="evaluation-round-action",
    ),
    path("evaluation/cases/<int:evaluation_id>/", evaluation.evaluation_detail, name="evaluation"),
    path(
        "evaluation/cases/<int:evaluation_id>/rectify/",
        evaluation.evaluation_rectify,
        name="evaluation-rectify",
    ),
    path("reports/", reports.report_list, name="reports"),
    path("reports/<int:report_id>/", reports.report_detail, name="report"),
    path("reports/<int:report_id>/<slug:action>/", reports.report_action, name="report-action"),
    path("reports/<int:report_id>/export/<slug:fmt>/", reports.report_export, name="report-export"),
    path("dashboard/", dashboards.dashboard, name="dashboard"),
    path("search/", search.search, name="search"),
]
