"""The repository stands on its own: no file points at documents kept outside it.

The house rules live in docs/contributing.md and the design in docs/architecture.md; a
comment or page citing a file that a newcomer cannot open is a dead end.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Built from pieces so that this file does not match itself.
OUTSIDE = re.compile(
    r"\.\./" + "shared|shared " + "folder|" + "CONVEN" + "TIONS|"
    r"\bDES" + r"IGN(\.md| →)|\bU" + r"I(\.md| →)"
)
PLACES = ["src", "tests", "docs", "bench", ".ci"]
FILES = ["Makefile", "README.md", "conftest.py", "pyproject.toml", ".env.example"]
SUFFIXES = {".py", ".md", ".html", ".txt", ".toml", ".cfg", ".sh", ".js", ".css", ".c", ""}


def _files() -> list[Path]:
    found = [ROOT / name for name in FILES if (ROOT / name).is_file()]
    for place in PLACES:
        for path in (ROOT / place).rglob("*"):
            if path.is_file() and path.suffix in SUFFIXES and "__pycache__" not in path.parts:
                found.append(path)
    return found


def test_no_file_refers_to_documents_outside_the_repository():
    offending = []
    for path in _files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if OUTSIDE.search(line):
                offending.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offending == [], "\n".join(offending)


def test_the_house_rules_are_in_the_repository():
    contributing = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    for topic in ["## The layer rule", "service", "selector", "tick job", "migration", "test"]:
        assert topic in contributing
