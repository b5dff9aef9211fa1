from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "sanxiang.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        import sanxiang.cases.hearing_views  # (registers the case-page section)
        import sanxiang.cases.limits
        import sanxiang.cases.party_rights  # (registers the guards of the party's rights)
        import sanxiang.cases.worklist  # noqa: F401  (registers work-list providers)
