"""Evidence packages verify with the standalone verifier alone, and fail when tampered with."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest
from django.core.management import call_command

from sanxiang.ledger import package, services, signing
from sanxiang.ledger.store import store_file

pytestmark = pytest.mark.django_db

# Run the verifier in an isolated interpreter where Sanxiang and Django cannot be imported:
# what a court clerk's machine with only Python and `cryptography` would do.
ISOLATED = (
    "import runpy, sys; sys.modules['sanxiang'] = None; sys.modules['django'] = None; "
    "sys.argv = ['verify_package.py', *sys.argv[1:]]; "
    "runpy.run_path('verify_package.py', run_name='__main__')"
)


def _run_verifier(folder, *args):
    result = subprocess.run(
        [sys.executable, "-I", "-c", ISOLATED, *args],
        cwd=folder, capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    return result.returncode, result.stdout + result.stderr


@pytest.fixture
def package_dir(tmp_path):
    services.append(kind="cases.opened", payload={"case": "2025-001"}, actor=None, subject="c:1")
    video = store_file(
        fileobj=io.BytesIO(b"\x00\x01 recording " * 1000), actor=None, kind="records.recording",
        subject="c:1", name="执法记录仪.mp4",
    )  # fmt: skip
    services.append(kind="cases.closed", payload={}, actor=None, subject="c:1")
    data = package.build_package(seqs=[0, video.entry.seq])
    zipfile.ZipFile(io.BytesIO(data)).extractall(tmp_path / "pkg")
    (tmp_path / "pkg.zip").write_bytes(data)
    return tmp_path / "pkg", video


def test_a_package_verifies_without_sanxiang_installed(package_dir):
    folder, _video = package_dir
    code, out = _run_verifier(folder)
    assert code == 0, out
    assert "FAIL" not in out
    assert "执法记录仪.mp4" in out
    assert signing.key_id(signing.raw_public_key(signing.private_key())) in out


def test_a_zipped_package_verifies_as_it_is(package_dir):
    folder, _video = package_dir
    code, out = _run_verifier(folder, str(folder.parent / "pkg.zip"))
    assert code == 0, out


def test_an_altered_file_in_the_package_fails(package_dir):
    folder, video = package_dir
    path = folder / "files" / video.digest
    path.write_bytes(path.read_bytes().replace(b"recording", b"recordinG", 1))
    code, out = _run_verifier(folder)
    assert code == 1
    assert f"#{video.entry.seq}" in out and "ALTERED" in out


def test_an_altered_record_in_the_package_fails(package_dir):
    folder, _video = package_dir
    path = folder / "entries" / "0.json"
    path.write_text(path.read_text().replace("2025-001", "2025-002"))
    code, out = _run_verifier(folder)
    assert code == 1 and "#0" in out


def test_a_head_with_a_forged_size_fails_its_signature(package_dir):
    folder, _video = package_dir
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["head"]["size"] += 1
    (folder / "manifest.json").write_text(json.dumps(manifest))
    code, out = _run_verifier(folder)
    assert code == 1 and "BAD signature" in out


def test_the_package_has_the_clerks_readme(package_dir):
    folder, _video = package_dir
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "python verify_package.py" in readme and "密钥指纹" in readme


def test_the_ledger_command_exports_a_package(tmp_path):
    services.append(kind="k", payload={}, actor=None, subject="")
    target = tmp_path / "out.zip"
    call_command("ledger", "export", "--entry", "0", "--output", str(target), stdout=io.StringIO())
    assert "manifest.json" in zipfile.ZipFile(target).namelist()
