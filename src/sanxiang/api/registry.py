"""Assemble the REST API from each app's ``api.py`` (docs/architecture.md).

An app contributes endpoints by giving its ``api.py`` either or both of:

- ``routes``: a list of ``(prefix, ViewSet, basename)``, registered on one router;
- ``urlpatterns``: plain ``path()`` entries for endpoints that are not viewsets.

Apps are read in ``INSTALLED_APPS`` order, so the OpenAPI document lists them in the order
of a case's path. URL names live in the ``api`` namespace: ``api:officer-list``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from django.apps import apps
from rest_framework.routers import SimpleRouter


def api_modules() -> Iterator[ModuleType]:
    for config in apps.get_app_configs():
        if not config.name.startswith("sanxiang.") or config.name == "sanxiang.api":
            continue
        name = f"{config.name}.api"
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def contributed_urls() -> list[Any]:
    router = SimpleRouter()
    patterns: list[Any] = []
    for module in api_modules():
        for prefix, viewset, basename in getattr(module, "routes", []):
            router.register(prefix, viewset, basename=basename)
        patterns.extend(getattr(module, "urlpatterns", []))
    return [*patterns, *router.urls]
