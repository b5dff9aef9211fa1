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

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sanxiang.core.identifiers import normalise_uscc, ric_check_character

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
    LICENCE_PLATE = "licence_plate"
    SOCIAL_ACCOUNT = "social_account"
    BIRTH_DATE = "birth_date"


KIND_LABELS = {
    Kind.ID_NUMBER: _("ID number"),
    Kind.PHONE: _("telephone number"),
    Kind.BANK_ACCOUNT: _("bank account"),
    Kind.EMAIL: _("e-mail address"),
    Kind.ADDRESS: _("home address"),
    Kind.PERSON: _("name of a natural person"),
    Kind.LICENCE_PLATE: _("licence plate"),
    Kind.SOCIAL_ACCOUNT: _("WeChat or QQ account"),
    Kind.BIRTH_DATE: _("date of birth"),
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
_BANK = re.compile(
    _DIGITS_AROUND[0] + r"(\d{4}(?:[ ]?\d{4}){2,3}(?:[ ]?\d{1,3})?)" + _DIGITS_AROUND[1]
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# A labelled home address runs to the next punctuation; keep it down to the street.
_ADDRESS = re.compile(r"((?:家庭)?住(?:址|所)|居住地|户籍地|现住)([：:]?)([^，。；;,\n（(）)]+)")
# 津A12345, 京B·D12345 (new energy), 津A1234学: a province, a letter, five or six more.
_PLATE = re.compile(
    r"(?<![A-Za-z0-9])([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[A-HJ-NP-Z][·•・ ]?[A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警]?)(?![A-Za-z0-9])"
)
_SOCIAL = re.compile(
    r"(?:微信|WeChat|wechat|QQ|qq)(?:号码?|账号|ID|id)?[：:\s]*([A-Za-z0-9][-_A-Za-z0-9]{4,19})"
)
_BIRTH = re.compile(
    r"(?:出生日期|出生年月日?|出生于|生于|生日)[：:\s]*"
    r"(\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?)"
)
# Full-width digits and Latin letters read as their ASCII twins (one character each), so
# １３９８７６５４３２１ is a phone number too; Chinese punctuation is left alone.
_HALF_WIDTH = (
    {0xFF10 + i: 0x30 + i for i in range(10)}
    | {0xFF21 + i: 0x41 + i for i in range(26)}
    | {0xFF41 + i: 0x61 + i for i in range(26)}
)
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
    text = text.translate(_HALF_WIDTH)
    kept = sorted({k for k in keep if k}, key=len, reverse=True)
    placeholders = {f"\x00{i}\x00": value for i, value in enumerate(kept)}
    for placeholder, value in placeholders.items():
        text = text.replace(value, placeholder)

    def sub(pattern: re.Pattern[str], kind: str, text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            value = match.group(1)
            if kind in (Kind.ID_NUMBER, Kind.BANK_ACCOUNT) and _public_code(value):
                return match.group(0)  # an organisation's code is public, never masked
            found.append(Redaction(kind, value, MASK))
            return match.group(0).replace(value, MASK)

        return pattern.sub(replace, text)

    text = sub(_ID18, Kind.ID_NUMBER, text)
    text = sub(_ID15, Kind.ID_NUMBER, text)
    text = sub(_BANK, Kind.BANK_ACCOUNT, text)
    text = sub(_MOBILE, Kind.PHONE, text)
    text = sub(_LANDLINE, Kind.PHONE, text)
    text = sub(_LABELLED_PHONE, Kind.PHONE, text)
    text = _EMAIL.sub(lambda m: _record(found, Kind.EMAIL, m.group(0), MASK), text)
    text = _ADDRESS.sub(lambda m: _address(found, m), text)
    text = sub(_PLATE, Kind.LICENCE_PLATE, text)
    text = sub(_SOCIAL, Kind.SOCIAL_ACCOUNT, text)
    text = sub(_BIRTH, Kind.BIRTH_DATE, text)
    for name in sorted({p.strip() for p in persons if p and p.strip()}, key=len, reverse=True):
        if name in text:
            masked = mask_name(name)
            found.append(Redaction(Kind.PERSON, name, masked))
            text = text.replace(name, masked)
    for placeholder, value in placeholders.items():
        text = text.replace(placeholder, value)
    return Redacted(text=text, redactions=tuple(found))


def is_uscc(value: str) -> bool:
    """Whether ``value`` is a valid 统一社会信用代码 (its check character right)."""
    try:
        normalise_uscc(value)
    except ValidationError:
        return False
    return True


def _public_code(value: str) -> bool:
    """A valid 统一社会信用代码 that is not also a valid resident ID number (where a number
    is both, privacy wins)."""
    if not is_uscc(value):
        return False
    compact = value.replace(" ", "")
    return not (
        len(compact) == 18
        and compact[:17].isdigit()
        and ric_check_character(compact[:17]) == compact[17].upper()
    )


def detect(text: str, *, keep: Iterable[str] = ()) -> list[Redaction]:
    """The personal data of every kind the redactor knows that ``text`` still shows (names
    aside: they are known only when given). Used on the text about to be published, so data
    added by hand after the automatic pass is caught as well."""
    return list(redact(text, keep=keep).redactions)


def _record(found: list[Redaction], kind: str, original: str, replacement: str) -> str:
    found.append(Redaction(kind, original, replacement))
    return replacement


def _address(found: list[Redaction], match: re.Match[str]) -> str:
    label, colon, address = match.groups()
    kept = _STREET_LEVEL.match(address) or _DISTRICT_LEVEL.match(address)
    shown = kept.group(0) if kept else ""
    if address[len(shown) :].strip() in ("", MASK):  # nothing below street level, or masked
        return match.group(0)
    replacement = f"{shown}{MASK}"
    found.append(Redaction(Kind.ADDRESS, address, replacement))
    return f"{label}{colon}{replacement}"
