"""URL patterns of agencies and people, for the portal and the workbench."""

from django.urls import path

from sanxiang.agencies.views import guide_editing, public_files, verification
from sanxiang.agencies.views import guides as guide_views
from sanxiang.agencies.views import portal as portal_views
from sanxiang.agencies.views import powers as power_views
from sanxiang.agencies.views import security as security_views
from sanxiang.agencies.views import workbench as workbench_views

portal = [
    path("agencies/", portal_views.portal_agency_list, name="agencies"),
    path("agencies/<slug:code>/", portal_views.portal_agency, name="agency"),
    path("agencies/<slug:code>/officers/", portal_views.portal_officers, name="agency-officers"),
    path("credentials/", verification.lookup, name="credential-lookup"),
    path("credentials/<str:token>/", verification.public_credential, name="credential"),
    path("powers/", power_views.portal_power_list, name="powers"),
    path(
        "powers/<slug:agency_code>/power-list.json",
        power_views.portal_power_list_json,
        name="power-list-json",
    ),
    path("powers/<slug:agency_code>/<str:code>/", power_views.portal_power_item, name="power-item"),
    path("guides/", guide_views.portal_guide_list, name="guides"),
    path("guides/<slug:code>/", guide_views.portal_guide, name="guide"),
    path("guides/<slug:code>/flowchart.svg", guide_views.portal_flowchart, name="guide-flowchart"),
    path("windows/<slug:code>/", guide_views.portal_window, name="window"),
    path("guides/samples/<int:material_id>/", public_files.guide_sample, name="guide-sample"),
    path("officers/<int:officer_id>/photo/", public_files.officer_photo, name="officer-photo"),
]

workbench = [
    path("security-events/", security_views.security_events, name="security-events"),
    path("agencies/<int:agency_id>/power-list/", power_views.power_list, name="power-list"),
    path(
        "agencies/<int:agency_id>/power-list/new/",
        power_views.power_item_new,
        name="power-item-new",
    ),
    path(
        "agencies/<int:agency_id>/power-list/import/",
        power_views.power_list_import,
        name="power-list-import",
    ),
    path(
        "agencies/<int:agency_id>/power-list.xlsx",
        power_views.power_list_export,
        name="power-list-export",
    ),
    path("power-items/<int:item_id>/", power_views.power_item, name="power-item"),
    path(
        "power-items/<int:item_id>/adjust/",
        power_views.power_item_adjust,
        name="power-item-adjust",
    ),
    path("agencies/<int:agency_id>/guides/", guide_editing.guide_list, name="guide-list"),
    path("agencies/<int:agency_id>/guides/new/", guide_editing.guide_new, name="guide-new"),
    path("guides/<int:guide_id>/", guide_editing.guide_edit, name="guide-edit"),
    path("agencies/<int:agency_id>/windows/new/", guide_editing.window_new, name="window-new"),
    path("windows/<int:window_id>/", guide_editing.window_edit, name="window-edit"),
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
