"""Who a person is, as typed on a declaration: names in capitals with diacritics, birth year, citizen ID
(CCCD) consistency with gender and birth year, health-insurance numbers, masking for display, and the keyed
hashes that stand in for the citizen ID and health-insurance numbers."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date

from lib.platform.errors import InvalidInputError
from lib.platform.times import local_today
from lib.platform.validation import clean_person_name

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
# [0-9], not \d: \d also matches other scripts' digits (٣), which int() reads but the card never carries
_BHYT_OLD = re.compile(r"^[A-Z]{2}[1-5][0-9]{2}([0-9]{10})$")
GENDERS = ("Nam", "Nữ", "Khác")


def person_name(value: object, field: str = "full_name") -> str:
    """NFC, zero-width characters dropped, capitals with diacritics kept: 'Hồ Yến Nhi' -> 'HỒ YẾN NHI'."""
    text = str(value or "").translate(_ZERO_WIDTH)
    return unicodedata.normalize("NFC", clean_person_name(text, field).upper())


def birth_year(value: object, field: str = "birth_year", today: date | None = None) -> int:
    """A year from 1900 to this year."""
    this_year = (today or local_today()).year
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise InvalidInputError("val.birth_year", field=field, max=this_year) from None
    if not 1900 <= year <= this_year:
        raise InvalidInputError("val.birth_year", field=field, max=this_year)
    return year


def citizen_id(value: object, gender: str, year: int, field: str = "id_number") -> str:
    """A 12-digit CCCD whose century/gender digit and birth-year digits agree with the declaration.

    Digit 4 encodes century and gender (1900s: 0 male / 1 female, 2000s: 2 / 3, 2100s: 4 / 5); digits 5-6 are
    the last two digits of the birth year; digits 1-3 the province of registration (001-096).
    """
    text = citizen_id_digits(value, field)
    digit = int(text[3])
    century = 1900 + 100 * (digit // 2)
    if century != year // 100 * 100 or int(text[4:6]) != year % 100:
        raise InvalidInputError("val.cccd_year", field=field, year=year)
    if gender in ("Nam", "Nữ") and digit % 2 != (1 if gender == "Nữ" else 0):
        raise InvalidInputError("val.cccd_gender", field=field, gender=gender)
    return text


def citizen_id_digits(value: object, field: str = "id_number") -> str:
    """The 12 digits of a CCCD as typed or pasted (spaces, dots and dashes dropped), with a valid province."""
    text = re.sub(r"[\s.-]", "", str(value or ""))
    if not re.fullmatch(r"[0-9]{12}", text):
        raise InvalidInputError("val.cccd_format", field=field)
    if not 1 <= int(text[:3]) <= 96:
        raise InvalidInputError("val.cccd_province", field=field)
    return text


def insurance_number(value: object, field: str = "insurance_no") -> str:
    """Old 15-character card code (e.g. GD4797931234567) or the 10-digit number; returns the 10 digits."""
    text = re.sub(r"[\s.-]", "", str(value or "")).upper()
    if re.fullmatch(r"[0-9]{10}", text):
        return text
    match = _BHYT_OLD.match(text)
    if not match:
        raise InvalidInputError("val.bhyt", field=field)
    return match.group(1)


def id_hash(secret: str, id_number: str) -> str:
    """Keyed hash of a citizen ID number: lets a card scan find its person without storing the number.

    Computed as SHA-256 over `secret:number`, which the demo generator reproduces in SQL with `sha256()`.
    """
    return hashlib.sha256(f"{secret}:{id_number.strip()}".encode()).hexdigest()


def insurance_hash(secret: str, insurance_no: str) -> str:
    """Keyed hash of the 10 digits of a health-insurance number (kept like the citizen ID: hash and last four).

    SHA-256 over `secret:bhyt:digits`, which migration 014 and the demo generator reproduce in SQL."""
    return hashlib.sha256(f"{secret}:bhyt:{insurance_no.strip()}".encode()).hexdigest()


def mask_name(name: str) -> str:
    """Family name whole, other words reduced to their first letter: 'HỒ YẾN NHI' -> 'HỒ Y** N**'."""
    words = name.split()
    return " ".join(words[:1] + [w[0] + "**" for w in words[1:]])
