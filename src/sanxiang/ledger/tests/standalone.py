"""Helpers to use the standalone verifier from tests: import it as its users would (from its
own folder, standard library only), or run it in an isolated interpreter."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

STANDALONE = Path(__file__).resolve().parents[1] / "standalone"

# Run the verifier where Sanxiang, Django and cryptography cannot be imported: what a court
# clerk's machine with only Python would do.
ISOLATED = (
    "import runpy, sys; "
    "[sys.modules.__setitem__(m, None) for m in ('sanxiang', 'django', 'cryptography')]; "
    "sys.argv = ['verify_package.py', *sys.argv[1:]]; "
    "runpy.run_path('verify_package.py', run_name='__main__')"
)


def module(name: str):
    if str(STANDALONE) not in sys.path:
        sys.path.insert(0, str(STANDALONE))
    return importlib.import_module(f"sxverify.{name}")


def run_verifier(folder: Path, *args: str) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-I", "-c", ISOLATED, *args],
        cwd=folder, capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    return result.returncode, result.stdout + result.stderr
