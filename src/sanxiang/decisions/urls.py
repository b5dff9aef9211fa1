"""URL patterns of decisions (workbench only; the portal reads publicity's snapshots)."""

from django.urls import path

from sanxiang.decisions import views

portal: list = []

workbench = [
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/<int:decision_id>/", views.decision_detail, name="decision"),
    path("cases/<int:case_id>/decision/", views.decision_new, name="decision-new"),
    path(
        "cases/<int:case_id>/judicial-transfer/",
        views.judicial_transfer,
        name="judicial-transfer",
    ),
]
