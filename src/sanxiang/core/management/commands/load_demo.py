"""``sanxiang load-demo``: load the demo agency and every capability's demo data.

Each installed Sanxiang app may have a ``demo`` module with ``load(*, stdout) -> None``;
they run in INSTALLED_APPS order (the apps' dependency order). Every loader is idempotent.
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
        for config in apps.get_app_configs():
            if not config.name.startswith("sanxiang."):
                continue
            module_name = f"{config.name}.demo"
            if importlib.util.find_spec(module_name) is None:
                continue
            importlib.import_module(module_name).load(stdout=self.stdout)
