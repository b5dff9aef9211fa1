from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "sanxiang.records"
    label = "records"
    verbose_name = _("Records")

    def ready(self) -> None:
        # Registered hooks: the mandatory-recording guard, work items, page sections, the
        # access gate and the tick job.
        import sanxiang.records.access
        import sanxiang.records.archive
        import sanxiang.records.jobs
        import sanxiang.records.rules
        import sanxiang.records.sections
        import sanxiang.records.worklist  # noqa: F401
