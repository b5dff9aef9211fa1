from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "sanxiang.decisions"
    label = "decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        # Importing registers the work-list providers and the case-page section.
        import sanxiang.decisions.deadlines
        import sanxiang.decisions.sections
        import sanxiang.decisions.worklist  # noqa: F401
