"""Sections later apps add to the case, act and party pages (records, review, decisions).

An app registers a provider in its ``AppConfig.ready``; the page renders each section's
template with its context. Cases cannot import the later apps, so they come to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[Any, Any], "Section | None"]  # (request, object) -> section
_providers: dict[str, list[Provider]] = {"case": [], "act": [], "party": []}


def register(page: str) -> Callable[[Provider], Provider]:
    """Register a provider of a section on ``page`` ("case", "act" or "party"; idempotent)."""

    def decorator(provider: Provider) -> Provider:
        if provider not in _providers[page]:
            _providers[page].append(provider)
        return provider

    return decorator


def sections_for(page: str, request: Any, obj: Any) -> list[Section]:
    return [s for provider in _providers[page] if (s := provider(request, obj)) is not None]


# A gate may answer a request for a case page instead of the page (e.g. asking the reader's
# reason first, 调阅监督) and records the reading; ``None`` lets the page through.
Gate = Callable[[Any, Any, Any], Any]  # (request, case, object) -> HttpResponse | None
_gates: list[Gate] = []


def register_gate(gate: Gate) -> Gate:
    if gate not in _gates:
        _gates.append(gate)
    return gate


def gate_for(request: Any, case: Any, obj: Any) -> Any:
    for gate in _gates:
        response = gate(request, case, obj)
        if response is not None:
            return response
    return None
