"""The layer rule is enforced: import-linter keeps the contract in pyproject.toml, and fails
when an app imports one after it (the contract is run on a copy with a planted import)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _copy_of_the_package(tmp_path: Path) -> Path:
    def only_python(directory: str, names: list[str]) -> list[str]:
        return [n for n in names if not (n.endswith(".py") or Path(directory, n).is_dir())]

    shutil.copytree(ROOT / "src" / "sanxiang", tmp_path / "sanxiang", ignore=only_python)
    return tmp_path / "sanxiang"


def _lint(package_parent: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if package_parent is not None:
        env["PYTHONPATH"] = str(package_parent)
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_the_code_keeps_the_layer_rule():
    result = _lint()
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "code"),
    [
        ("core/planted.py", "from sanxiang.cases.models import Case\n"),
        ("ledger/planted.py", "def later():\n    from sanxiang.api import registry\n"),
        ("records/tests/test_planted.py", "from sanxiang.decisions import services\n"),
    ],
)
def test_an_upward_import_breaks_the_contract(tmp_path, module, code):
    package = _copy_of_the_package(tmp_path)
    (package / module).write_text(code, encoding="utf-8")
    result = _lint(tmp_path)
    planted = "sanxiang." + module.removesuffix(".py").replace("/", ".")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
    assert planted in result.stdout


def test_the_copy_without_a_planted_import_keeps_the_rule(tmp_path):
    _copy_of_the_package(tmp_path)
    result = _lint(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
