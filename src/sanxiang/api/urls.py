"""URLs under /api/v1/: contributed endpoints, the OpenAPI document and its viewers."""

from django.urls import path, re_path
from drf_spectacular.views import (
    SpectacularJSONAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)

from sanxiang.api import views
from sanxiang.api.registry import contributed_urls
from sanxiang.core.rest.errors import not_found

app_name = "api"

urlpatterns = [
    path("", views.ApiIndexView.as_view(), name="index"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"),
        name="redoc",
    ),
    path("imports/people/", views.PeopleImportView.as_view(), name="import-people"),
    path("imports/power-items/", views.PowerItemsImportView.as_view(), name="import-power-items"),
    path(
        "imports/historic-cases/",
        views.HistoricCasesImportView.as_view(),
        name="import-historic-cases",
    ),
    path(
        "exports/shuanggongshi/",
        views.ShuanggongshiExportView.as_view(),
        name="export-shuanggongshi",
    ),
    *contributed_urls(),
    re_path(r"^[\s\S]*$", not_found),  # any path, newlines included
]
