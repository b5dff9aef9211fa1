"""URL patterns of publicity: the portal home and search, decisions, progress look-up; the
publisher's workbench pages."""

from django.urls import path

from sanxiang.publicity import views
from sanxiang.publicity.feeds import DecisionFeed

portal = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/feed.atom", DecisionFeed(), name="decisions-feed"),
    path("decisions/<str:public_id>/", views.decision, name="decision"),
    path("decisions/<str:public_id>.json", views.decision_json, name="decision-json"),
    path("progress/", views.progress, name="progress"),
]

workbench = [
    path("publications/", views.publication_list, name="publications"),
    path("publications/<int:publication_id>/", views.publication_detail, name="publication"),
    path(
        "publications/<int:publication_id>/withdraw/",
        views.publication_withdraw,
        name="publication-withdraw",
    ),
    path("cases/<int:case_id>/progress-code/", views.progress_code, name="progress-code"),
]
