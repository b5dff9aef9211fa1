"""Identifiers and their checksums: USCC (GB 32100-2015) and resident ID numbers (GB 11643-1999).

Each validator returns the normalised value or raises ``ValidationError`` with a message
in plain Chinese saying what to do.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError

# GB 11643-1999: weights of the first 17 digits and the check characters by remainder.
_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_CHECK = "10X98765432"
_RIC_PATTERN = re.compile(r"^\d{17}[\dX]$", re.ASCII)


def _compact(value: str) -> str:
    """Upper-cased, without spaces, full-width characters (Chinese input methods) made ASCII."""
    return unicodedata.normalize("NFKC", value or "").strip().upper().replace(" ", "")


def normalise_uscc(value: str) -> str:
    """Validate a 统一社会信用代码 (GB 32100-2015) and return it upper-cased."""
    compact = _compact(value)
    if len(compact) != 18:
        raise ValidationError(
            _("Enter the 18-character unified social credit code (this one has %(length)d)."),
            code="uscc_length",
            params={"length": len(compact)},
        )
    try:
        return str(stdnum_uscc.validate(compact))
    except InvalidChecksum as exc:
        raise ValidationError(
            _(
                "The check character of the unified social credit code is wrong: check the last character."
            ),
            code="uscc_checksum",
        ) from exc
    except StdnumError as exc:
        raise ValidationError(
            _(
                "The unified social credit code is malformed: the first 8 characters are digits, the rest digits or capital letters other than I, O, S, V and Z."
            ),
            code="uscc_format",
        ) from exc


def ric_check_character(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of an ID number."""
    total = sum(int(d) * w for d, w in zip(first17, _RIC_WEIGHTS, strict=True))
    return _RIC_CHECK[total % 11]


def normalise_resident_id(value: str, *, today: dt.date | None = None) -> str:
    """Validate an 18-digit 居民身份证号码 (GB 11643-1999) and return it.

    The region code is not checked against a table: an ID keeps its issuing region's code
    for life, even after the region is renamed or abolished (platform-notes).
    """
    compact = _compact(value)
    if not _RIC_PATTERN.match(compact):
        raise ValidationError(
            _("Enter the 18-digit ID number; the last character may be X."), code="ric_format"
        )
    try:
        birth = dt.date(int(compact[6:10]), int(compact[10:12]), int(compact[12:14]))
    except ValueError as exc:
        raise ValidationError(
            _("The birth date in the ID number (digits 7 to 14) is not a real date."),
            code="ric_birth_date",
        ) from exc
    if birth > (today or dt.date.today()) or birth.year < 1880:
        raise ValidationError(
            _("The birth date in the ID number (digits 7 to 14) is not plausible."),
            code="ric_birth_date",
        )
    if ric_check_character(compact[:17]) != compact[17]:
        raise ValidationError(
            _("The check character of the ID number is wrong: check the last character."),
            code="ric_checksum",
        )
    return compact


def birth_date_of(resident_id: str) -> dt.date:
    """The birth date encoded in a valid resident ID number."""
    return dt.date(int(resident_id[6:10]), int(resident_id[10:12]), int(resident_id[12:14]))


def validate_uscc(value: str) -> None:
    """Model-field validator form of ``normalise_uscc``."""
    normalise_uscc(value)


def validate_resident_id(value: str) -> None:
    """Model-field validator form of ``normalise_resident_id``."""
    normalise_resident_id(value)
