"""Root URLs (DESIGN.md → Contracts): portal at /, workbench at /workbench/, admin at /admin/,
REST API at /api/v1/.

Each app's ``urls`` module offers ``portal`` and ``workbench`` pattern lists; they are
mounted under the shared ``portal`` and ``workbench`` namespaces.
"""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies import urls as agencies_urls
from sanxiang.cases import urls as cases_urls
from sanxiang.core import urls as core_urls
from sanxiang.core.forms import LoginForm
from sanxiang.ledger import urls as ledger_urls

portal_patterns = [
    *core_urls.portal,
    *ledger_urls.portal,
    *agencies_urls.portal,
    *cases_urls.portal,
]
workbench_patterns = [
    *core_urls.workbench,
    *ledger_urls.workbench,
    *agencies_urls.workbench,
    *cases_urls.workbench,
]

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
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("sanxiang.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("workbench/", include((workbench_patterns, "workbench"))),
    path("", include((portal_patterns, "portal"))),
]
