"""Redaction of text before publication (plan P7; domain-notes §1.4).

What the published text must not show: natural persons' ID numbers, telephone numbers,
bank accounts, e-mail addresses and home addresses below the street, and the names of
natural persons other than the party (张三 → 张某). Names cannot be found reliably by a
segmenter (platform-notes: jieba), so the caller names them; everything else is found by
pattern. The publisher still reviews the result: this is the first pass, not the last.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# 复姓 (two-character surnames) that keep both characters in 张某-style masking.
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "令狐",
        "夏侯",
        "轩辕",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "百里",
        "呼延",
        "万俟",
        "太史",
        "申屠",
        "澹台",
        "公冶",
        "钟离",
        "闻人",
        "赫连",
        "拓跋",
    ]
)

MASK = "＊＊"


class Kind:
    ID_NUMBER = "id_number"
    PHONE = "phone"
    BANK_ACCOUNT = "bank_account"
    EMAIL = "email"
    ADDRESS = "address"
    PERSON = "person"


KIND_LABELS = {
    Kind.ID_NUMBER: _("ID number"),
    Kind.PHONE: _("telephone number"),
    Kind.BANK_ACCOUNT: _("bank account"),
    Kind.EMAIL: _("e-mail address"),
    Kind.ADDRESS: _("home address"),
    Kind.PERSON: _("name of a natural person"),
}


@dataclass(frozen=True)
class Redaction:
    kind: str
    original: str
    replacement: str


@dataclass(frozen=True)
class Redacted:
    text: str
    redactions: tuple[Redaction, ...]


_DIGITS_AROUND = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"
# 18-digit ID numbers: region, a plausible birth date, sequence, check character. A number
# with a wrong check character is still somebody's (mistyped) ID number: hide it too.
_ID18 = re.compile(
    _DIGITS_AROUND[0]
    + r"(\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx])"
    + _DIGITS_AROUND[1]
)
_ID15 = re.compile(_DIGITS_AROUND[0] + r"(\d{6}\d{2}(?:0[1-9]|1[0-2])\d{5})" + _DIGITS_AROUND[1])
_MOBILE = re.compile(r"(?<!\d)((?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2})(?!\d)")
_LANDLINE = re.compile(r"(?<![\d-])(0\d{2,3}[- ]?[2-8]\d{6,7})(?![\d-])")
# Any number right after a telephone label, whatever its shape (extensions, short numbers).
_LABELLED_PHONE = re.compile(r"(?:电话|手机|联系方式|传真)(?:号码)?[：:]?\s*(\d[\d -]{4,}\d)")
_BANK = re.compile(r"(?<!\d)(\d{4}(?:[ ]?\d{4}){2,3}(?:[ ]?\d{1,3})?)(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# A labelled home address runs to the next punctuation; keep it down to the street.
_ADDRESS = re.compile(r"((?:家庭)?住(?:址|所)|居住地|户籍地|现住)([：:]?)([^，。；;,\n（(）)]+)")
_STREET_LEVEL = re.compile(r"^.*?(?:街道|镇|乡)")
_DISTRICT_LEVEL = re.compile(r"^.*?(?:(?<!小)区|县|市)")


def mask_name(name: str) -> str:
    """张三 → 张某, 欧阳娜娜 → 欧阳某."""
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
    return f"{surname}某"


def redact(text: str, *, persons: Iterable[str] = (), keep: Iterable[str] = ()) -> Redacted:
    """Return ``text`` fit for publication, with a list of what was hidden.

    ``persons``: names of natural persons to mask as 张某 (not the party, unless the agency
    masks the party too). ``keep``: strings that must survive unchanged, e.g. the agency's
    own complaint telephone.
    """
    found: list[Redaction] = []
    kept = sorted({k for k in keep if k}, key=len, reverse=True)
    placeholders = {f"\x00{i}\x00": value for i, value in enumerate(kept)}
    for placeholder, value in placeholders.items():
        text = text.replace(value, placeholder)

    def sub(pattern: re.Pattern[str], kind: str, text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            value = match.group(1)
            found.append(Redaction(kind, value, MASK))
            return match.group(0).replace(value, MASK)

        return pattern.sub(replace, text)

    text = sub(_ID18, Kind.ID_NUMBER, text)
    text = sub(_BANK, Kind.BANK_ACCOUNT, text)
    text = sub(_ID15, Kind.ID_NUMBER, text)
    text = sub(_MOBILE, Kind.PHONE, text)
    text = sub(_LANDLINE, Kind.PHONE, text)
    text = sub(_LABELLED_PHONE, Kind.PHONE, text)
    text = _EMAIL.sub(lambda m: _record(found, Kind.EMAIL, m.group(0), MASK), text)
    text = _ADDRESS.sub(lambda m: _address(found, m), text)
    for name in sorted({p.strip() for p in persons if p and p.strip()}, key=len, reverse=True):
        if name in text:
            masked = mask_name(name)
            found.append(Redaction(Kind.PERSON, name, masked))
            text = text.replace(name, masked)
    for placeholder, value in placeholders.items():
        text = text.replace(placeholder, value)
    return Redacted(text=text, redactions=tuple(found))


def _record(found: list[Redaction], kind: str, original: str, replacement: str) -> str:
    found.append(Redaction(kind, original, replacement))
    return replacement


def _address(found: list[Redaction], match: re.Match[str]) -> str:
    label, colon, address = match.groups()
    kept = _STREET_LEVEL.match(address) or _DISTRICT_LEVEL.match(address)
    shown = kept.group(0) if kept else ""
    if shown == address:
        return match.group(0)
    replacement = f"{shown}{MASK}"
    found.append(Redaction(Kind.ADDRESS, address, replacement))
    return f"{label}{colon}{replacement}"
