"""The migration that encrypts parties' personal data (cases 0002): rows written in clear
before it are encrypted by it, and going back decrypts them again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from sanxiang.cases.tests.factories import PERSON_ID
from sanxiang.core import pii

BEFORE = [("cases", "0001_initial")]
AFTER = [("cases", "0002_party_personal_data_encrypted")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _raw(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return repr(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_existing_rows_are_encrypted_and_the_migration_reverses(wanxin):
    old = _migrate(BEFORE)
    Party = old.get_model("cases", "Party")
    Party.objects.create(
        agency_id=wanxin.pk, kind="natural_person", name="张三", id_number=PERSON_ID,
        phone="13812345678", address="天津市东丽区成林道88号", created_at=timezone.now(),
    )  # fmt: skip
    Party.objects.create(
        agency_id=wanxin.pk, kind="legal_person", name="某公司", uscc="91120110MA05M8XX3F",
        created_at=timezone.now(),
    )  # fmt: skip
    try:
        new = _migrate(AFTER)
        raw = _raw("SELECT * FROM cases_party")
        assert PERSON_ID not in raw and "13812345678" not in raw and "成林道" not in raw
        row = new.get_model("cases", "Party").objects.get(name="张三")
        assert pii.decrypt(row.id_number_ciphertext, purpose="cases.party.id_number") == PERSON_ID
        assert row.id_number_digest == pii.keyed_hash(PERSON_ID)
        company = new.get_model("cases", "Party").objects.get(name="某公司")
        assert company.id_number_ciphertext == company.id_number_digest == ""

        back = _migrate(BEFORE)
        row = back.get_model("cases", "Party").objects.get(name="张三")
        assert (row.id_number, row.phone, row.address) == (
            PERSON_ID, "13812345678", "天津市东丽区成林道88号",
        )  # fmt: skip
    finally:  # back to the latest migrations of every app, for the tests that follow
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
