"""URL patterns of cases (workbench only: the portal reads published snapshots)."""

from django.urls import path

from sanxiang.cases import views

portal: list = []

workbench = [
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_create, name="case-new"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path(
        "cases/<int:case_id>/steps/<slug:transition>/",
        views.case_transition,
        name="case-transition",
    ),
    path("cases/<int:case_id>/extension/", views.case_extend, name="case-extend"),
    path("cases/<int:case_id>/violation/", views.case_violation, name="case-violation"),
    path(
        "cases/<int:case_id>/extension/basis/",
        views.case_extension_basis,
        name="case-extension-basis",
    ),
    path("cases/<int:case_id>/approvals/<slug:kind>/", views.case_approve, name="case-approve"),
    path("cases/<int:case_id>/parties/new/", views.party_add, name="case-party-new"),
    path("cases/<int:case_id>/acts/new/", views.act_create, name="act-new"),
    path("acts/<int:act_id>/", views.act_detail, name="act"),
    path("parties/<int:party_id>/", views.party_detail, name="party"),
    path("parties/<int:party_id>/reveal/<slug:field>/", views.party_reveal, name="party-reveal"),
]
