"""Typed readers of environment variables that fail loudly on malformed values.

Modelled on healthchecks' ``envbool``/``envint``: a bad value stops start-up with a message
naming the variable, rather than falling back silently. ``NAME_FILE`` may point to a file
holding the value (for secrets mounted by an orchestrator).
"""

from __future__ import annotations

import os
from pathlib import Path


class ImproperlyConfiguredVariable(RuntimeError):
    """An environment variable holds a value that cannot be used."""


def _raw(name: str) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfiguredVariable(
                f"{name}_FILE: cannot read {file_name}: {exc}"
            ) from exc
    return os.environ.get(name)


def env_str(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    return default if value is None or value == "" else value


def env_required(name: str) -> str:
    value = env_str(name)
    if value is None:
        raise ImproperlyConfiguredVariable(f"{name} must be set (see .env.example)")
    return value


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfiguredVariable(f"{name}={value!r} is not a boolean (use true or false)")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfiguredVariable(f"{name}={value!r} is not an integer") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default)
    assert value is not None
    if value not in choices:
        raise ImproperlyConfiguredVariable(f"{name}={value!r} must be one of {', '.join(choices)}")
    return value
