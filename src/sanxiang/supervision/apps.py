from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "sanxiang.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        # Importing registers the tick jobs and the work-list provider.
        import sanxiang.supervision.jobs
        import sanxiang.supervision.worklist  # noqa: F401
