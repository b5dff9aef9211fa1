"""``sanxiang load-demo``: load the demo agency and every capability's demo data.

Each installed Sanxiang app may have a ``demo`` module with ``load(*, stdout) -> None``;
they run in INSTALLED_APPS order (the apps' dependency order). Every loader is idempotent.
A module may also offer ``summary(*, stdout)``, printed after everything is loaded (the
demo logins, so that they are the last thing `make demo` shows before the server starts).
Between the two, every scheduled job runs once, as ``sanxiang tick`` would have on a live
installation (publication drafts, signed ledger heads, digests, warnings): the demo is an
installation after months of use, not one whose scheduler never ran.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from sanxiang.core import tick


class Command(BaseCommand):
    help = "Load the demo agency (万新街) and demo data of every capability. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        modules = [
            importlib.import_module(f"{config.name}.demo")
            for config in apps.get_app_configs()
            if config.name.startswith("sanxiang.")
            and importlib.util.find_spec(f"{config.name}.demo") is not None
        ]
        for module in modules:
            module.load(stdout=self.stdout)
        with tick.single_run():
            # Twice: the ledger head signed in the second pass covers the entries the first
            # pass's later jobs (digests, warnings) appended, so the portal shows it current.
            outcomes = [tick.run_job(job) for _ in range(2) for job in tick.jobs()]
        failed = [o.job for o in outcomes if not o.ok]
        self.stdout.write(
            f"定时任务已运行 {len(outcomes) // 2} 项"
            + (f"（失败：{'、'.join(failed)}）" if failed else "")
        )
        for module in modules:
            hook = getattr(module, "summary", None)
            if callable(hook):  # not a module of that name the demo imported
                hook(stdout=self.stdout)
