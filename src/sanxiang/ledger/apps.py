from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "sanxiang.ledger"
    label = "ledger"
    verbose_name = _("Ledger")

    def ready(self) -> None:
        from sanxiang.core import tick
        from sanxiang.ledger import jobs

        tick.register("ledger-sign-head")(jobs.sign_head)
