from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sanxiang.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Registers the work-list provider asking administrators for next year's notice.
        # Connects the receivers that record sign-ins and the like as security events.
        # Registers the housekeeping tick job.
        from sanxiang.core import calendar_worklist, jobs, signals  # noqa: F401
