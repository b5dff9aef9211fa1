from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "sanxiang.decisions"
    label = "decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        import sanxiang.decisions.worklist  # noqa: F401  (registers work-list providers)
