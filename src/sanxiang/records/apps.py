from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "sanxiang.records"
    label = "records"
    verbose_name = _("Records")

    def ready(self) -> None:
        import sanxiang.records.rules
        import sanxiang.records.worklist  # noqa: F401  (registers work-list providers)
