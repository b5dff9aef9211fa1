"""Witnessing between two installations over real HTTP: this test's installation witnesses
another one, run as its own server process with its own database, key and origin. The
witness cosigns a log that grows consistently, the log publishes the cosignature and shows
who witnessed up to which size, and a forked log (history rewritten from a backup) is
refused with the evidence kept."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sanxiang.ledger import witnessing
from sanxiang.ledger.models import Entry, ForkEvidence, WatchedLog
from sanxiang.ledger.tests.standalone import module

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
ORIGIN = "zfj.log-installation.test/sanxiang"
SANXIANG = str(Path(sys.executable).with_name("sanxiang"))


class Installation:
    """Another Sanxiang installation: its own SQLite database, keys and origin, served by
    ``sanxiang runserver`` on a free loopback port."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = {
            **os.environ,
            "SANXIANG_VAR_DIR": str(root),
            "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
            "SANXIANG_LEDGER_ORIGIN": ORIGIN,
            "DJANGO_SETTINGS_MODULE": "sanxiang.settings",
        }
        self.env.pop("SANXIANG_LEDGER_SIGNING_KEY", None)
        self.server: subprocess.Popen[bytes] | None = None
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def run(self, *args: str) -> str:
        result = subprocess.run(
            [SANXIANG, *args], env=self.env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def append(self, count: int, tag: str) -> None:
        code = (
            "from sanxiang.ledger import services\n"
            f"for i in range({count}):\n"
            f"    services.append(kind='cases.act', payload={{'tag': '{tag}', 'i': i}}, "
            "actor=None, subject='case:1')\n"
            "services.sign_tree_head()\n"
        )
        self.run("shell", "-c", code)

    def start(self) -> None:
        self.server = subprocess.Popen(
            [SANXIANG, "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/ledger/verifier-key", timeout=2).read()
                return
            except OSError:
                time.sleep(0.3)
        raise AssertionError("the other installation did not start")

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)
            self.server = None

    def size(self) -> int:
        return int(self.get("/ledger/checkpoint").split("\n")[1])

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return str(response.read().decode("utf-8"))


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    installation = Installation(tmp_path_factory.mktemp("log-installation"))
    installation.run("migrate", "-v0")
    installation.append(5, "first")
    installation.start()
    yield installation
    installation.stop()


def _witness(*args: str) -> str:
    out = io.StringIO()
    call_command("witness", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_a_witness_cosigns_a_consistent_log_and_refuses_a_fork(other, settings, tmp_path):
    settings.WITNESS_DEMO_KEY_PATH = tmp_path / "witness.pem"
    settings.WITNESS_NAME = "sfj.dongli.test/witness"
    log_key = other.get("/ledger/verifier-key").strip()
    assert log_key.startswith(ORIGIN + "+")

    # The first run needs the log's key; the log does not know this witness yet.
    with pytest.raises(CommandError, match="尚未见证"):
        _witness(other.url)
    with pytest.raises(CommandError, match="拒绝了见证签名") as refused:
        _witness(other.url, "--log-key", log_key)
    own_key = str(witnessing.own_witness_key())
    assert own_key in str(refused.value)
    assert WatchedLog.objects.get(origin=ORIGIN).size == 5  # cosigned, not accepted yet

    # The log's administrator registers the witness; the cosignature is then accepted.
    other.run("ledger", "add-witness", "--label", "东丽区司法局", "--key", own_key)
    assert "已接受见证签名" in _witness(other.url)
    checkpoint = other.get("/ledger/checkpoint")
    assert "— sfj.dongli.test/witness " in checkpoint
    page = other.get("/ledger/")
    assert "东丽区司法局" in page and log_key in page

    # The independent reader verifies the witness's cosignature on the published checkpoint.
    notes = module("notes")
    text, signatures = notes.read_note(checkpoint.encode())
    witness_key = notes.read_key(own_key)
    cosigs = [s for n, h, s in signatures if (n, h) == (witness_key.name, witness_key.hash)]
    assert cosigs and notes.signature_ok(witness_key, text, cosigs[0])

    # The log grows: the witness checks the consistency proof and cosigns the new size.
    backup = other.root / "backup.sqlite3"
    shutil.copy(other.root / "db.sqlite3", backup)
    other.append(3, "later")
    grown = other.size()
    assert "已对" in _witness(other.url)
    assert WatchedLog.objects.get(origin=ORIGIN).size == grown
    assert f">{grown}<" in other.get("/ledger/").replace(" ", "")

    # The agency restores the backup and writes another history of the same length: two
    # checkpoints for one size. The witness refuses, and keeps the evidence.
    other.stop()
    shutil.copy(backup, other.root / "db.sqlite3")
    other.append(3, "rewritten")
    other.start()
    with pytest.raises(CommandError, match="发现分叉") as fork:
        _witness(other.url)
    assert fork.value.returncode == 3
    evidence = ForkEvidence.objects.get()
    assert other.size() == grown
    assert f"同一条目数 {grown} 出现两个不同的检查点" in evidence.reason
    assert evidence.cosigned != evidence.received and f"\n{grown}\n" in evidence.received
    assert WatchedLog.objects.get(origin=ORIGIN).size == grown
    assert Entry.objects.filter(kind=witnessing.FORK_KIND).exists()  # in the witness's ledger

    # It grows further on the rewritten history: the consistency proof does not verify.
    other.append(2, "more")
    with pytest.raises(CommandError, match="发现分叉"):
        _witness(other.url)
    latest = ForkEvidence.objects.order_by("-pk").first()
    assert f"并不承接此前见证的 {grown} 条的检查点" in latest.reason and latest.proof
    assert WatchedLog.objects.get(origin=ORIGIN).size == grown
    listing = io.StringIO()
    call_command("witness", "--evidence", stdout=listing)
    assert "出现两个不同的检查点" in listing.getvalue()
