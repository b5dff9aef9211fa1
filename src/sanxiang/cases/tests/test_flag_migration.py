"""The migration that brings existing cases under the limitation rule (cases 0006): penalty
cases filed before the violation date was recorded are flagged for the head, never passed
silently; other categories and history are left as they were, and it reverses."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("cases", "0005_violation_limits_approvals")]
AFTER = [("cases", "0006_flag_cases_without_violation_date")]
LATEST = [("cases", "0008_flag_extensions_without_basis")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _case(Case, n, *, agency, item, user, category, **extra):
    return Case.objects.create(
        agency_id=agency.pk, number=f"万新街罚〔2025〕{n}号", serial=n, year=2025,
        power_item_id=item.pk, category=category, procedure="general", title="占道经营",
        source="patrol", stage="closed", filed_on=timezone.localdate(), filed_by_id=user.pk,
        stage_changed_at=timezone.now(), **extra,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_existing_penalty_cases_without_the_violation_date_are_flagged(wanxin, power_item,
                                                                      officer):  # fmt: skip
    old = _migrate(BEFORE)
    Case = old.get_model("cases", "Case")
    people = {"agency": wanxin, "item": power_item, "user": officer}
    _case(Case, 1, category="penalty", **people)
    _case(Case, 2, category="penalty", violation_on=timezone.localdate(), **people)
    _case(Case, 3, category="licensing", **people)
    try:
        new = _migrate(AFTER)
        flags = dict(new.get_model("cases", "Case").objects.values_list("serial", "rules_flags"))
        assert flags == {1: ["violation_date_missing"], 2: [], 3: []}
        back = _migrate(BEFORE)
        assert all(f == [] for f in back.get_model("cases", "Case").objects.values_list(
            "rules_flags", flat=True))  # fmt: skip
    finally:  # back to the latest migrations of every app, for the tests that follow
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_undecided_cases_with_an_extension_without_its_provision_are_flagged(
    wanxin, power_item, officer, head
):
    old = _migrate(AFTER)
    Case = old.get_model("cases", "Case")
    Extension = old.get_model("cases", "DeadlineExtension")
    people = {"agency": wanxin, "item": power_item, "user": officer}
    undecided = _case(Case, 1, category="penalty", violation_on=timezone.localdate(), **people)
    decided = _case(Case, 2, category="penalty", violation_on=timezone.localdate(),
                    decided_on=timezone.localdate(), **people)  # fmt: skip
    for case in (undecided, decided):
        Extension.objects.create(case_id=case.pk, kind="decision", days=30, reason="复杂",
                                 approved_by_id=head.pk, approved_at=timezone.now())  # fmt: skip
    try:
        new = _migrate(LATEST)
        flags = dict(new.get_model("cases", "Case").objects.values_list("serial", "rules_flags"))
        assert flags == {1: ["extension_basis_missing"], 2: []}
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
