"""Canonical JSON for ledger records: sorted keys, UTF-8, no insignificant space, no floats.

The same value always gives the same bytes, so a record's hash can be recomputed by anyone.
Floats are refused: their text form is not canonical across languages, and money or
measures belong in integers of the smallest unit (分) or in strings.
"""

from __future__ import annotations

import json
from typing import Any


class NotCanonical(TypeError):
    """A value cannot be written to the ledger as canonical JSON."""


def _check(value: Any, path: str) -> None:
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        raise NotCanonical(
            f"{path} is a float ({value!r}); the ledger accepts no floats: "
            "use an integer in the smallest unit (e.g. 分) or a string"
        )
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise NotCanonical(f"{path} has a key {key!r} that is not a string")
            _check(item, f"{path}.{key}")
        return
    if isinstance(value, list | tuple):
        for position, item in enumerate(value):
            _check(item, f"{path}[{position}]")
        return
    raise NotCanonical(f"{path} is a {type(value).__name__}, which JSON cannot hold")


def canonical_json(value: Any, *, path: str = "payload") -> str:
    """The canonical JSON text of ``value``; raises ``NotCanonical`` for floats and the like."""
    _check(value, path)
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
