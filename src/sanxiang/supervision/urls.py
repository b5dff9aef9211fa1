"""URL patterns of supervision."""

from django.urls import path

from sanxiang.supervision import views

portal: list = []

workbench = [
    path("warnings/", views.warning_list, name="warnings"),
    path("warnings/<int:warning_id>/", views.warning_detail, name="warning"),
    path("warnings/<int:warning_id>/<slug:action>/", views.warning_action, name="warning-action"),
]
