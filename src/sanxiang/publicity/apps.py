from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "sanxiang.publicity"
    label = "publicity"
    verbose_name = _("Publicity")

    def ready(self) -> None:
        # Importing registers the work-list provider, the tick job and the case-page section.
        import sanxiang.publicity.sections
        import sanxiang.publicity.worklist  # noqa: F401
        from sanxiang.publicity import search

        search.connect()
