"""URL patterns of agencies and people, for the portal and the workbench."""

from django.urls import path

from sanxiang.agencies.views import portal as portal_views
from sanxiang.agencies.views import verification
from sanxiang.agencies.views import workbench as workbench_views

portal = [
    path("", portal_views.portal_home, name="home"),
    path("agencies/", portal_views.portal_agency_list, name="agencies"),
    path("agencies/<slug:code>/", portal_views.portal_agency, name="agency"),
    path("agencies/<slug:code>/officers/", portal_views.portal_officers, name="agency-officers"),
    path("credentials/", verification.lookup, name="credential-lookup"),
    path("credentials/<str:token>/", verification.public_credential, name="credential"),
]

workbench = [
    path("agencies/", workbench_views.agency_list, name="agencies"),
    path("agencies/<int:agency_id>/", workbench_views.agency_detail, name="agency"),
    path("people/", workbench_views.officer_list, name="officers"),
    path("people/new/", workbench_views.officer_create, name="officer-new"),
    path("people/<int:officer_id>/", workbench_views.officer_detail, name="officer"),
    path(
        "people/<int:officer_id>/credentials/new/",
        workbench_views.credential_create,
        name="credential-new",
    ),
    path(
        "credentials/<int:credential_id>/status/",
        workbench_views.credential_status,
        name="credential-status",
    ),
    path("credentials/<int:credential_id>/card/", verification.card, name="credential-card"),
    path(
        "credentials/<int:credential_id>/qr.<str:fmt>", verification.qr_code, name="credential-qr"
    ),
    path(
        "credentials/<int:credential_id>/new-code/",
        verification.rotate_code,
        name="credential-rotate-code",
    ),
]
