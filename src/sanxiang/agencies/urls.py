"""URL patterns of agencies and people, for the portal and the workbench."""

from django.urls import path

from sanxiang.agencies import views

portal = [
    path("", views.portal_home, name="home"),
    path("agencies/", views.portal_agency_list, name="agencies"),
    path("agencies/<slug:code>/", views.portal_agency, name="agency"),
    path("agencies/<slug:code>/officers/", views.portal_officers, name="agency-officers"),
]

workbench = [
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/<int:agency_id>/", views.agency_detail, name="agency"),
    path("people/", views.officer_list, name="officers"),
    path("people/new/", views.officer_create, name="officer-new"),
    path("people/<int:officer_id>/", views.officer_detail, name="officer"),
    path(
        "people/<int:officer_id>/credentials/new/", views.credential_create, name="credential-new"
    ),
    path(
        "credentials/<int:credential_id>/status/", views.credential_status, name="credential-status"
    ),
]
