"""A backup carries the personal-data keys: the archive holds parties' data only encrypted,
and an installation restored from it reads its parties' ID numbers again."""

from __future__ import annotations

import tarfile

import pytest

from sanxiang.installation.tests.test_backup import Installation

pytestmark = pytest.mark.slow

ID = "11010119900307999X"
SEED = f"""
import io
from sanxiang.agencies.demo import load
from sanxiang.agencies.models import Agency
from sanxiang.cases.models import Party
load(stdout=io.StringIO())
party = Party(agency=Agency.objects.get(code="wanxin"), kind="natural_person", name="张三")
party.id_number, party.phone, party.address = "{ID}", "13812345678", "天津市东丽区试验路99号"
party.save()
"""
READ = "from sanxiang.cases.models import Party\nprint(Party.objects.get(name='张三').id_number)"


@pytest.fixture
def installations(tmp_path):
    made: list[Installation] = []

    def make(name: str) -> Installation:
        made.append(Installation(tmp_path, name))
        return made[-1]

    yield make
    for installation in made:
        installation.drop()


def test_a_restored_installation_reads_its_parties_personal_data(installations, tmp_path):
    source = installations("source")
    assert source.run("migrate", "--noinput").returncode == 0
    seeded = source.run("shell", "-c", SEED)
    assert seeded.returncode == 0, seeded.stderr
    archive = tmp_path / "backup.tar.gz"
    assert source.run("backup", "--output", str(archive)).returncode == 0

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        database = tar.extractfile("database.json").read().decode()
    assert {"keys/keys/pii-keys", "keys/keys/pii-hash-key"} <= set(names)
    assert ID not in database and "试验路" not in database and "pii1:" in database

    target = installations("target")
    restored = target.run("restore", str(archive))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    read = target.run("shell", "--no-imports", "-c", READ)
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip().splitlines()[-1] == ID


def test_without_the_keys_the_data_is_a_clear_error_not_garbage(installations, tmp_path):
    source = installations("source")
    assert source.run("migrate", "--noinput").returncode == 0
    assert source.run("shell", "-c", SEED).returncode == 0
    archive = tmp_path / "backup.tar.gz"
    assert source.run("backup", "--output", str(archive)).returncode == 0

    target = installations("target")
    (target.var / "keys").mkdir()
    (target.var / "keys" / "pii-keys").write_text("other:" + "QUFB" * 10 + "QUE=\n")
    restored = target.run("restore", str(archive))
    assert "pii-keys" in restored.stdout  # the different key was not overwritten, and said so
    read = target.run("shell", "--no-imports", "-c", READ)
    assert read.returncode != 0
    assert "does not list" in read.stderr
