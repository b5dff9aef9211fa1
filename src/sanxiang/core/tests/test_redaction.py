"""Redaction before publication, and the `sanxiang redact` command."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanxiang.core.identifiers import ric_check_character
from sanxiang.core.redaction import Kind, mask_name, redact

DECISION = (
    "当事人张三，男，身份证号码120110198506151231，住址：天津市东丽区万新街道欣园小区3号楼"
    "2单元301室，联系电话13812345678。经查，当事人于2026年3月5日在成林道占道经营。"
    "证人李四、欧阳娜娜证实上述事实。决定罚款5000元。开户银行账号6222 0212 3456 7890 123。"
    "如不服本决定，可拨打投诉电话022-24390012。"
)


def test_a_decision_loses_its_personal_data_and_keeps_its_substance():
    result = redact(DECISION, persons=["李四", "欧阳娜娜"], keep=["022-24390012"])
    text = result.text
    for secret in [
        "120110198506151231",
        "13812345678",
        "欣园小区",
        "6222 0212",
        "李四",
        "欧阳娜娜",
    ]:
        assert secret not in text
    for kept in [
        "天津市东丽区万新街道",
        "李某",
        "欧阳某",
        "罚款5000元",
        "2026年3月5日",
        "022-24390012",
    ]:
        assert kept in text
    kinds = {r.kind for r in result.redactions}
    assert kinds == {Kind.ID_NUMBER, Kind.PHONE, Kind.ADDRESS, Kind.PERSON, Kind.BANK_ACCOUNT}


def test_a_mistyped_id_number_is_hidden_all_the_same():
    assert "120110198506151236" not in redact("身份证120110198506151236").text


def test_amounts_dates_and_case_numbers_survive():
    text = "东丽万新罚〔2026〕12号：罚款人民币3000000元，2026年11月27日。"
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("name", "masked"), [("张三", "张某"), ("欧阳娜娜", "欧阳某"), ("司马光", "司马某")]
)
def test_names_are_masked_in_the_usual_way(name, masked):
    assert mask_name(name) == masked


def _id_numbers():
    digits = st.text("0123456789", min_size=3, max_size=3)
    dates = st.dates(
        min_value=dt.date(1900, 1, 1),
        max_value=dt.date(2025, 12, 31),
    )
    return st.builds(
        lambda region, d, seq: (lambda s: s + ric_check_character(s))(f"{region}{d:%Y%m%d}{seq}"),
        st.sampled_from(["120110", "110101", "310115", "130102"]), dates, digits,
    )  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(before=st.text(max_size=40), number=_id_numbers(), after=st.text(max_size=40))
def test_no_id_number_survives_whatever_surrounds_it(before, number, after):
    # A digit glued to the number makes it a different, longer number: keep it separate.
    text = f"{before} {number} {after}"
    assert number not in redact(text).text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_redaction_never_crashes_and_is_idempotent(text):
    once = redact(text).text
    assert redact(once).text == once


def test_the_command_reads_stdin_and_writes_publishable_text(tmp_path):
    script = Path(sys.executable).parent / "sanxiang"
    result = subprocess.run(
        [str(script), "redact", "--person", "李四", "--keep", "022-24390012"],
        input=DECISION.encode(), capture_output=True, timeout=60,
        env={"SANXIANG_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "李某" in out and "13812345678" not in out and "022-24390012" in out


def test_the_command_refuses_text_that_is_not_utf8(tmp_path):
    script = Path(sys.executable).parent / "sanxiang"
    result = subprocess.run(
        [str(script), "redact"], input="当事人张三".encode("gbk"), capture_output=True,
        timeout=60, env={"SANXIANG_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert result.returncode == 2
    assert "UTF-8" in result.stderr.decode()


# A corpus of personal data planted in a text about to be published (issue 18): every kind
# the redactor knows is found, full-width included; organisations' codes stay public.
PLANTED = [
    ("当事人手机13987654321。", "phone"),
    ("当事人手机１３９８７６５４３２１。", "phone"),
    ("身份证号120110199001011234。", "id_number"),
    ("旧身份证号120110900101123。", "id_number"),
    ("车辆津A12345停放于人行道。", "licence_plate"),
    ("新能源车京AD12345。", "licence_plate"),
    ("微信号：zhangsan_88。", "social_account"),
    ("QQ：12345678。", "social_account"),
    ("出生日期：2012年3月5日。", "birth_date"),
    ("生于2012-03-05。", "birth_date"),
    ("邮箱zhangsan@example.com。", "email"),
    ("住址：东丽区万新街道成林道12号3门101。", "address"),
    ("银行卡6222 0212 3456 7890 123。", "bank_account"),
]


@pytest.mark.parametrize(("text", "kind"), PLANTED)
def test_every_kind_of_personal_data_planted_in_a_final_text_is_found(text, kind):
    from sanxiang.core.redaction import detect

    assert kind in {r.kind for r in detect(text)}, text


def test_an_organisation_s_credit_code_is_never_masked_but_a_look_alike_is():
    from stdnum.cn import uscc

    from sanxiang.core.redaction import detect

    def make_uscc(body: str) -> str:
        return body + uscc.calc_check_digit(body)

    for code in [make_uscc("11120110000000007"), "91120110MA05M8XX3F",
                 make_uscc("91120110000000003")]:  # fmt: skip
        assert detect(f"统一社会信用代码{code}。") == [], code
    assert detect("号码120110199001011234。")  # ID-shaped, not a valid code: hidden
