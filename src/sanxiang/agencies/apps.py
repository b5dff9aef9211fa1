from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "sanxiang.agencies"
    label = "agencies"
    verbose_name = _("Agencies and people")

    def ready(self) -> None:
        from sanxiang.agencies import worklist  # noqa: F401  (registers work-list providers)
