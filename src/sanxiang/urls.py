"""Root URLs (a contract): portal at /, workbench at /workbench/, admin at /admin/,
REST API at /api/v1/.

Each Sanxiang app's ``urls`` module offers ``portal`` and ``workbench`` pattern lists; they
are gathered here in INSTALLED_APPS order and mounted under the shared ``portal`` and
``workbench`` namespaces, so a new app needs no edit of this file.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _

from sanxiang.core import views as core_views
from sanxiang.core.forms import LoginForm


def _app_patterns(kind: str) -> list[URLPattern | URLResolver]:
    """Every Sanxiang app's ``portal`` or ``workbench`` patterns, in INSTALLED_APPS order."""
    patterns: list[URLPattern | URLResolver] = []
    for config in apps.get_app_configs():
        if config.name.startswith("sanxiang.") and find_spec(f"{config.name}.urls"):
            patterns += getattr(import_module(f"{config.name}.urls"), kind, [])
    return patterns


portal_patterns = _app_patterns("portal")
workbench_patterns = _app_patterns("workbench")

admin.site.site_header = _("Sanxiang administration")
admin.site.site_title = _("Sanxiang administration")
admin.site.index_title = _("Administration")

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/2fa/", core_views.two_factor_verify, name="two-factor-verify"),
    path("accounts/2fa/setup/", core_views.two_factor_setup, name="two-factor-setup"),
    path("accounts/reauth/", core_views.reauth_confirm, name="reauth"),
    path(
        "accounts/password_change/",
        core_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="core/password_change_done.html"),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("sanxiang.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("workbench/", include((workbench_patterns, "workbench"))),
    path("", include((portal_patterns, "portal"))),
]
