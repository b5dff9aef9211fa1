"""Fuzzing of every parser of outside input (issue 9 item 6).

Each property runs a bounded number of examples, derandomised, with no per-example deadline:
the same examples on every CI run, and a few seconds per test on a loaded machine.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FUZZ_SLOW = settings(FUZZ, max_examples=15)


def _ric(first17: str) -> str:
    from sanxiang.core.identifiers import ric_check_character

    return first17 + ric_check_character(first17)


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    """A valid 18-digit resident ID number: any region, a real birth date, its check character."""
    region = draw(st.integers(110000, 829999))
    birth = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)))
    sequence = draw(st.integers(0, 999))
    return _ric(f"{region}{birth:%Y%m%d}{sequence:03d}")


USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@st.composite
def usccs(draw: st.DrawFn) -> str:
    """A valid 统一社会信用代码 (GB 32100-2015) with its check character."""
    from stdnum.cn import uscc

    head = draw(st.text("0123456789", min_size=8, max_size=8))
    body = draw(st.text(USCC_ALPHABET, min_size=9, max_size=9))
    return head + body + uscc.calc_check_digit(head + body)


DIGITS = "0123456789"


def phones() -> st.SearchStrategy[str]:
    """A mainland mobile number."""
    return st.builds(
        lambda second, rest: f"1{second}{rest}",
        st.sampled_from("3456789"),
        st.text(DIGITS, min_size=9, max_size=9),
    )


def bank_accounts() -> st.SearchStrategy[str]:
    """A 16- to 19-digit bank card number (UnionPay cards begin with 62)."""
    return st.text(DIGITS, min_size=14, max_size=17).map(lambda rest: f"62{rest}")


# Chinese prose with punctuation, digits and Latin letters: what a decision's text looks like.
CHINESE = st.text(
    st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
        st.sampled_from(list("，。；：、（）“”《》 \n号第年月日元")),
        st.characters(codec="ascii"),
    ),
    max_size=80,
)
