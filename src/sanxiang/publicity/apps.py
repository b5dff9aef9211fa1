from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "sanxiang.publicity"
    label = "publicity"
    verbose_name = _("Publicity")

    def ready(self) -> None:
        # Importing registers the publisher's work-list provider and the tick job.
        import sanxiang.publicity.worklist  # noqa: F401
