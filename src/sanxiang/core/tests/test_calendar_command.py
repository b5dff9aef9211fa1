"""``sanxiang calendar``: outputs and exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from sanxiang.core import holidays

pytestmark = pytest.mark.django_db

MISSING_2027 = "缺少2027年的节假日安排：请在管理后台录入国务院办公厅关于2027年部分节假日安排的通知"


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    holidays.invalidate()
    yield
    holidays.invalidate()


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("calendar", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_add_workdays_prints_the_date_n_working_days_later():
    assert run("add-workdays", "2025-09-30", "7") == (0, "2025-10-16\n", "")


def test_add_workdays_can_land_on_a_make_up_saturday():
    assert run("add-workdays", "2024-09-30", "5") == (0, "2024-10-12\n", "")


def test_add_days_prints_the_last_day_rolled_past_the_holiday():
    assert run("add-days", "2025-09-24", "7") == (0, "2025-10-09\n", "")


def test_add_months_prints_the_month_end_when_the_day_does_not_exist():
    assert run("add-months", "2024-01-31", "1") == (0, "2024-02-29\n", "")


def test_a_year_without_a_notice_exits_2_saying_which_notice_to_enter():
    code, out, err = run("add-workdays", "2026-12-25", "5")
    assert (code, out) == (2, "")
    assert err.strip() == MISSING_2027
    code, out, err = run("show", "2027")
    assert (code, out, err.strip()) == (2, "", MISSING_2027)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("add-workdays", "2026-13-01", "5"), "“2026-13-01”不是有效日期"),
        (("add-workdays", "2026/01/05", "5"), "请按YYYY-MM-DD格式填写"),
        (("add-days", "2026-01-05", "x"), "“x”不是有效的数目"),
        (("add-days", "2026-01-05", "-3"), "请填写0到10000之间的整数"),
        (("show", "26"), "“26”不是有效年份"),
    ],
)
def test_malformed_input_exits_2_with_a_chinese_message(args, expected):
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert expected in err


def test_show_lists_each_notice_with_its_days_and_the_amendment():
    code, out, _err = run("show", "2020")
    assert code == 0
    lines = out.splitlines()
    assert (
        lines[0]
        == "国办发明电〔2019〕16号 国务院办公厅关于2020年部分节假日安排的通知（2019-11-21发布）"
    )
    assert "2020-01-24  星期五  春节  放假" in lines
    assert "2020-02-01  星期六  春节  调休上班  （已由国办发明电〔2020〕1号变更）" in lines
    assert (
        "国办发明电〔2020〕1号 国务院办公厅关于延长2020年春节假期的通知"
        "（2020-01-27发布，变更国办发明电〔2019〕16号）"
    ) in lines
    assert lines[-1] == "2020-02-02  星期日  春节  放假"


def test_show_2026_lists_the_make_up_days_of_guobanfamingdian_2025_7():
    code, out, _err = run("show", "2026")
    assert code == 0
    assert out.startswith("国办发明电〔2025〕7号 国务院办公厅关于2026年部分节假日安排的通知")
    make_up = [line[:10] for line in out.splitlines() if line.endswith("调休上班")]
    assert make_up == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]


@pytest.mark.slow
def test_the_console_script_prints_dates_and_exits_2_for_a_missing_year(tmp_path):
    """The real ``sanxiang`` script, on a freshly migrated database of its own."""
    script = Path(sys.executable).with_name("sanxiang")
    env = {
        **os.environ,
        "SANXIANG_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'calendar.sqlite3'}",
    }

    def sanxiang(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), *args], env=env, capture_output=True, text=True, timeout=300
        )

    migrated = sanxiang("migrate", "--noinput", "--skip-checks")
    assert migrated.returncode == 0, migrated.stderr
    workdays = sanxiang("calendar", "add-workdays", "2025-09-30", "7")
    assert (workdays.returncode, workdays.stdout) == (0, "2025-10-16\n")
    days = sanxiang("calendar", "add-days", "2025-09-24", "7")
    assert (days.returncode, days.stdout) == (0, "2025-10-09\n")
    missing = sanxiang("calendar", "add-workdays", "2026-12-25", "5")
    assert (missing.returncode, missing.stdout) == (2, "")
    assert MISSING_2027 in missing.stderr
    assert "Traceback" not in missing.stderr
    malformed = sanxiang("calendar", "add-days", "2025-02-30", "7")
    assert malformed.returncode == 2
    assert "“2025-02-30”不是有效日期" in malformed.stderr
