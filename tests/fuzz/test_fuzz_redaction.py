"""Fuzzing redaction (core/redaction.py and ``sanxiang redact``): no crash, stable on its own
output, and no generated ID number, telephone or bank account survives in any Chinese text."""

from __future__ import annotations

import io
import sys

import pytest
from django.core.management import call_command
from fuzzing import CHINESE, FUZZ, bank_accounts, phones, resident_ids
from hypothesis import assume, given
from hypothesis import strategies as st

from sanxiang.core.redaction import redact

# Text around a number ends and begins with a Chinese character or punctuation, as in a
# decision: a number glued to other Latin digits or letters is part of a longer token.
BEFORE = st.tuples(CHINESE, st.sampled_from(["，", "：", "号", "为", "（", " ", "\n"])).map("".join)
AFTER = st.tuples(st.sampled_from(["，", "。", "）", "的", " ", "\n"]), CHINESE).map("".join)
SECRETS = st.one_of(
    resident_ids().map(lambda n: ("id", n)),
    resident_ids().map(lambda n: ("id", n[:17] + "x") if n.endswith("X") else ("id", n)),
    phones().map(lambda n: ("phone", n)),
    phones().map(lambda n: ("phone", f"{n[:3]}-{n[3:7]}-{n[7:]}")),
    phones().map(lambda n: ("phone", f"+86 {n}")),
    bank_accounts().map(lambda n: ("bank", n)),
    bank_accounts().map(lambda n: ("bank", " ".join(n[i : i + 4] for i in range(0, len(n), 4)))),
)


@FUZZ
@given(st.text(max_size=300), st.lists(st.text(max_size=6), max_size=3),
       st.lists(st.text(max_size=12), max_size=3))  # fmt: skip
def test_redaction_never_fails_on_any_text(text, persons, keep):
    result = redact(text, persons=persons, keep=keep)
    assert isinstance(result.text, str)


@FUZZ
@given(st.lists(st.tuples(BEFORE, SECRETS, AFTER), min_size=1, max_size=4))
def test_no_generated_number_survives_in_chinese_text(parts):
    text = "".join(before + secret + after for before, (_, secret), after in parts)
    redacted = redact(text).text
    digits_left = "".join(c for c in redacted if c.isdigit())
    for _, (_kind, secret), _ in parts:
        assert secret not in redacted
        # Not even its digits in a row, once spaces and dashes are taken out.
        assert "".join(c for c in secret if c.isdigit()) not in digits_left


@FUZZ
@given(st.lists(st.tuples(BEFORE, SECRETS, AFTER), max_size=3), CHINESE)
def test_redacting_redacted_text_changes_nothing(parts, tail):
    text = "".join(before + secret + after for before, (_, secret), after in parts) + tail
    once = redact(text).text
    assert redact(once).text == once


NAMES = st.tuples(
    st.sampled_from(["张", "李", "王", "欧阳", "司马", "赵"]),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=2),
).map("".join)


@FUZZ
@given(st.lists(st.tuples(CHINESE, NAMES), min_size=1, max_size=3), CHINESE)
def test_a_named_person_never_appears_in_full(parts, tail):
    text = "".join(before + name for before, name in parts) + tail
    names = [name for _, name in parts]
    assume("某" not in text)
    redacted = redact(text, persons=names).text
    for name in names:
        assert name not in redacted


@pytest.fixture
def stdio(monkeypatch):
    def run(data: bytes, *args: str) -> tuple[int, str]:
        stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        monkeypatch.setattr(sys, "stdout", stdout)
        try:
            call_command("redact", *args, stderr=io.StringIO())
            code = 0
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        stdout.flush()
        return code, stdout.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]

    return run


@FUZZ
@given(data=st.binary(max_size=200))
def test_the_redact_command_takes_any_bytes_without_a_traceback(stdio, data):
    code, output = stdio(data, "--report")
    assert code in (0, 2)
    if code == 2:
        assert output == ""


@FUZZ
@given(st.lists(st.tuples(BEFORE, SECRETS, AFTER), min_size=1, max_size=3))
def test_the_redact_command_leaks_no_generated_number(stdio, parts):
    text = "".join(before + secret + after for before, (_, secret), after in parts)
    code, output = stdio(text.encode("utf-8"), "--report")
    assert code == 0
    for _, (_kind, secret), _ in parts:
        assert secret not in output
