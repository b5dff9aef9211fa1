"""The workbench's "my work" list, gathered from every app.

An app registers a provider (in its ``AppConfig.ready``) that returns the items due for a
user; the workbench home shows them by urgency. Core imports no later app: they come to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Urgency(models.TextChoices):
    OVERDUE = "overdue", _("Overdue")
    DUE_SOON = "due_soon", _("Due soon")
    NORMAL = "normal", _("Normal")


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    urgency: Urgency = Urgency.NORMAL
    due_on: dt.date | None = None
    basis: str = ""  # which law or rule sets the deadline


Provider = Callable[[Any], Iterable[WorkItem]]
_providers: list[Provider] = []

_ORDER = {Urgency.OVERDUE: 0, Urgency.DUE_SOON: 1, Urgency.NORMAL: 2}


def register(provider: Provider) -> Provider:
    """Register a provider of work items (usable as a decorator)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def work_for(user: Any) -> list[WorkItem]:
    """Every item due for ``user``, most urgent and earliest first."""
    items = [item for provider in _providers for item in provider(user)]
    return sorted(items, key=lambda i: (_ORDER[i.urgency], i.due_on or dt.date.max, i.title))
