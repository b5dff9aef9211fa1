from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "sanxiang.ledger"
    label = "ledger"
    verbose_name = _("Ledger")

    def ready(self) -> None:
        from sanxiang.core import tick
        from sanxiang.ledger import audit, jobs

        # Security events are digested before the head is signed, so the head covers them.
        tick.register("security-digest")(audit.tick_job)
        tick.register("ledger-sign-head")(jobs.sign_head)
        tick.register("ledger-timestamp")(jobs.stamp_checkpoints)
