"""Backup and restore of a whole installation, through the real commands in new processes:
backup → restore onto an empty installation → `ledger verify --files` is green. On
PostgreSQL (when the suite runs with a PostgreSQL DATABASE_URL) both installations are
PostgreSQL databases; otherwise SQLite files.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

SANXIANG = str(Path(sys.executable).parent / "sanxiang")

SEED = """
import io
from sanxiang.agencies.demo import load
from sanxiang.agencies.models import User
from sanxiang.ledger import services, store
load(stdout=io.StringIO())
admin = User.objects.get(username="admin")
store.store_file(fileobj=io.BytesIO(b"\\x00recording bytes" * 1000), actor=admin, kind="test.recording", name="a.mp4")
services.append(kind="test.note", payload={"n": 1}, actor=admin, subject="test:1")
services.sign_tree_head()
services.rotate_signing_key(actor=admin, reason="backup test", operator="")
services.append(kind="test.note", payload={"n": 2}, actor=admin, subject="test:1")
services.sign_tree_head()
"""


class Installation:
    """A separate installation: its own SANXIANG_VAR_DIR and database, used by subprocesses."""

    def __init__(self, root: Path, name: str) -> None:
        self.var = root / name
        self.var.mkdir()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("SANXIANG_")}
        self.env["SANXIANG_VAR_DIR"] = str(self.var)
        self.database = ""
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith("postgres"):
            self.database = f"sanxiang_backup_{uuid.uuid4().hex[:10]}"
            base = url.rsplit("/", 1)[0]
            self.env["DATABASE_URL"] = f"{base}/{self.database}"
            _admin_sql(f'CREATE DATABASE "{self.database}"')
        else:
            self.env["DATABASE_URL"] = f"sqlite:///{self.var / 'db.sqlite3'}"

    def run(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [SANXIANG, *args], env=self.env, capture_output=True, text=True, input=stdin,
            timeout=300,
        )  # fmt: skip

    def drop(self) -> None:
        if self.database:
            _admin_sql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def _admin_sql(sql: str) -> None:
    import psycopg

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"] or None,
        dbname="postgres", autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(sql)


@pytest.fixture
def installations(tmp_path):
    made: list[Installation] = []

    def make(name: str) -> Installation:
        made.append(Installation(tmp_path, name))
        return made[-1]

    yield make
    for installation in made:
        installation.drop()


def _count(installation: Installation, model: str) -> int:
    """Rows of an agencies model in the installation (0 when it has no tables yet)."""
    code = (
        "from django.db import DatabaseError\n"
        f"from sanxiang.agencies.models import {model}\n"
        f"try:\n    print({model}.objects.count())\nexcept DatabaseError:\n    print(0)"
    )
    result = installation.run("shell", "--no-imports", "-c", code)
    return int(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """One backup of a seeded installation, shared by the tests of this module."""
    root = tmp_path_factory.mktemp("backup")
    source = Installation(root, "source")
    try:
        assert source.run("migrate", "--noinput").returncode == 0
        seeded = source.run("shell", "-c", SEED)
        assert seeded.returncode == 0, seeded.stderr
        made = source.run("backup", "--output", str(root / "backup.tar.gz"))
        assert made.returncode == 0, made.stderr
    finally:
        source.drop()
    return root / "backup.tar.gz"


@pytest.fixture
def backup(archive, tmp_path):
    copy = tmp_path / "backup.tar.gz"
    copy.write_bytes(archive.read_bytes())
    return copy


def test_backup_then_restore_onto_an_empty_installation_verifies(backup, installations):
    target = installations("target")
    restored = target.run("restore", str(backup))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "账本完整" in restored.stdout
    verified = target.run("ledger", "verify", "--files")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert _count(target, "Officer") >= 20


def test_a_restored_installation_keeps_every_signing_key_and_signs_with_the_current_one(
    backup, installations
):
    target = installations("target")
    restored = target.run("restore", str(backup))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    code = (
        "from sanxiang.ledger import selectors, services\n"
        "from sanxiang.ledger.models import SignedHead\n"
        "services.append(kind='test.after', payload={}, actor=None, subject='')\n"
        "head = services.sign_tree_head()\n"
        "keys = selectors.signing_keys()\n"
        "used = sorted({h.key_id for h in SignedHead.objects.all()})\n"
        "print(len(keys), head.key_id == keys[-1].key_id, used == sorted(k.key_id for k in keys))"
    )
    result = target.run("shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "2 True True"
    verified = target.run("ledger", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_a_corrupted_archive_is_refused_and_nothing_is_written(backup, installations):
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0xFF
    backup.write_bytes(bytes(data))
    target = installations("target")
    restored = target.run("restore", str(backup))
    assert restored.returncode != 0
    assert "备份文件" in restored.stderr
    assert _count(target, "Agency") == 0


def test_restore_refuses_an_installation_that_has_data(backup, installations):
    target = installations("target")
    assert target.run("migrate", "--noinput").returncode == 0
    assert target.run("shell", "-c", SEED).returncode == 0
    restored = target.run("restore", str(backup))
    assert restored.returncode == 2
    assert "空的安装" in restored.stderr
