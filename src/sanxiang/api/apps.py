from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "sanxiang.api"
    label = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        from sanxiang.api import push, schema  # noqa: F401  (registers the OpenAPI token scheme)
        from sanxiang.core import tick

        tick.register("api-push")(push.tick_job)
