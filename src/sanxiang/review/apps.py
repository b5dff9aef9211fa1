from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "sanxiang.review"
    label = "review"
    verbose_name = _("Legal review")

    def ready(self) -> None:
        import sanxiang.review.gate
        import sanxiang.review.worklist  # noqa: F401  (registers work-list providers)
