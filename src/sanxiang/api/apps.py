from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "sanxiang.api"
    label = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        # Importing registers the push tick job and the OpenAPI token scheme.
        from sanxiang.api import push, schema  # noqa: F401
