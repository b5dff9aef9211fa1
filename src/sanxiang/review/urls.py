"""URL patterns of legal review (workbench only)."""

from django.urls import path

from sanxiang.review import views

portal: list = []

workbench = [
    path("reviews/", views.review_queue, name="review-queue"),
    path("reviews/<int:review_id>/", views.review_detail, name="review"),
    path(
        "reviews/materials/<int:material_id>/file/",
        views.review_material_file,
        name="review-material-file",
    ),
    path("cases/<int:case_id>/review/", views.case_review, name="review-case"),
    path("review-catalogues/", views.catalogue_list, name="review-catalogues"),
    path(
        "review-catalogues/template.xlsx",
        views.catalogue_template,
        name="review-catalogue-template",
    ),
    path("review-catalogues/<int:catalogue_id>/", views.catalogue_detail, name="review-catalogue"),
]
