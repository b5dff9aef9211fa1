"""``sanxiang tick``: each job isolated, one run at a time, ``--list`` and ``--only``."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.management import CommandError, call_command

from sanxiang.core import tick

pytestmark = pytest.mark.django_db


@pytest.fixture
def ran():
    """Registers two jobs of core for the test, the first of which raises; names what ran."""
    calls = []
    saved = list(tick._jobs)

    def boom() -> str:
        calls.append("boom")
        raise RuntimeError("the disk is full")

    def after() -> str:
        calls.append("after")
        return "done"

    tick._jobs[:0] = [tick.Job("test-boom", boom), tick.Job("test-after", after)]
    yield calls
    tick._jobs[:] = saved


def _tick(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("tick", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_failing_job_is_reported_and_every_other_job_still_runs(ran, caplog):
    out, err = io.StringIO(), io.StringIO()
    with (
        caplog.at_level(logging.ERROR, logger="sanxiang.tick"),
        pytest.raises(CommandError) as failure,
    ):
        call_command("tick", stdout=out, stderr=err)
    assert failure.value.returncode == 1
    assert "test-boom" in str(failure.value)
    assert ran == ["boom", "after"]
    assert "test-boom" in err.getvalue() and "the disk is full" in err.getvalue()
    reported = [line.split(":")[0] for line in out.getvalue().splitlines()]
    assert reported == [job.name for job in tick.jobs() if job.name != "test-boom"]
    assert "ledger-sign-head" in reported and "api-push" in reported
    [record] = [r for r in caplog.records if r.name == "sanxiang.tick"]
    assert record.exc_info is not None and "test-boom" in record.getMessage()


def test_a_run_without_failures_exits_zero():
    out, err = _tick()
    assert err == ""
    assert len(out.splitlines()) == len(tick.jobs())


def test_only_runs_the_named_jobs(ran):
    out, _err = _tick("--only", "test-after", "--only", "security-digest")
    assert ran == ["after"]
    assert [line.split(":")[0] for line in out.splitlines()] == ["test-after", "security-digest"]


def test_an_unknown_job_is_refused_before_anything_runs(ran):
    with pytest.raises(CommandError) as refusal:
        _tick("--only", "test-after", "--only", "no-such-job")
    assert refusal.value.returncode == 2
    assert "no-such-job" in str(refusal.value)
    assert ran == []


def test_list_names_every_job_with_what_it_does_and_runs_nothing(ran):
    out, _err = _tick("--list")
    rows = dict(line.split("\t") for line in out.splitlines() if "\t" in line)
    assert [line.split("\t")[0] for line in out.splitlines()] == [j.name for j in tick.jobs()]
    assert "Digest the security events" in rows["security-digest"]
    assert ran == []


def test_a_second_run_while_one_is_going_exits_and_does_nothing(ran):
    with tick.single_run():
        with pytest.raises(CommandError) as busy:
            _tick("--only", "test-after")
        assert busy.value.returncode == 75
        with pytest.raises(tick.TickBusy), tick.single_run():
            pass
    assert ran == []
    _tick("--only", "test-after")  # the lock is free again once the first run ends
    assert ran == ["after"]


def test_the_lock_is_released_when_a_job_fails(ran):
    with pytest.raises(CommandError):
        _tick("--only", "test-boom")
    with tick.single_run():
        pass


def test_jobs_run_in_the_order_of_their_apps_whenever_their_modules_were_imported():
    from django.apps import apps

    names = [config.name for config in apps.get_app_configs()]
    positions = [
        max(i for i, n in enumerate(names) if job.run.__module__.startswith(n + "."))
        for job in tick.jobs()
    ]
    assert positions == sorted(positions)
    assert [j.name for j in tick.jobs()][-1] == "api-push"
