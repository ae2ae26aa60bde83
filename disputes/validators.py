"""Validators for parties' personal data: resident ID numbers and mainland mobile numbers."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK_CHARS = "10X98765432"
_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
_MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")


def id_check_char(first17: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits of a resident ID number."""
    return _ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def validate_resident_id(value: str) -> None:
    value = (value or "").strip().upper()
    if not _ID_PATTERN.match(value):
        raise ValidationError(
            _("A resident ID number has 18 characters: 17 digits and a digit or X."), code="format"
        )
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(
            _("The date of birth in this ID number is not a real date."), code="birth"
        ) from None
    if id_check_char(value[:17]) != value[17]:
        raise ValidationError(
            _("This ID number fails its check digit; one of its digits is probably mistyped."),
            code="checksum",
        )


def validate_mobile(value: str) -> None:
    if not _MOBILE_PATTERN.match((value or "").strip()):
        raise ValidationError(
            _("Enter a mainland mobile number: 11 digits starting with 13–19."), code="mobile"
        )


def mask_id_number(value: str) -> str:
    return f"{value[:3]}{'*' * 11}{value[-4:]}" if value else ""


def mask_phone(value: str) -> str:
    return f"{value[:3]}****{value[-4:]}" if value else ""


def mask_name(value: str) -> str:
    return f"{value[0]}{'*' * max(len(value) - 1, 1)}" if value else ""


def mask_address(value: str) -> str:
    return f"{value[:6]}…" if len(value) > 6 else value
