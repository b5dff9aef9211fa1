from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "sanxiang.ledger"
    label = "ledger"
    verbose_name = _("Ledger")

    def ready(self) -> None:
        # Importing registers the tick jobs. Security events are digested (audit) before the
        # head is signed (jobs), so the head covers them.
        import sanxiang.ledger.audit
        import sanxiang.ledger.jobs  # noqa: F401
