"""URL patterns of supervision."""

from django.urls import path

from sanxiang.supervision.views import evaluation, warnings

portal: list = []

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
]
