"""``sanxiang load-demo``: load the demo agency and every capability's demo data.

Each installed Sanxiang app may have a ``demo`` module with ``load(*, stdout) -> None``;
they run in INSTALLED_APPS order (the apps' dependency order). Every loader is idempotent.
A module may also offer ``summary(*, stdout)``, printed after everything is loaded (the
demo logins, so that they are the last thing `make demo` shows before the server starts).
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand


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
        for module in modules:
            hook = getattr(module, "summary", None)
            if callable(hook):  # not a module of that name the demo imported
                hook(stdout=self.stdout)
