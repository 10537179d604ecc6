"""Normalising and checking what people type: phones, names, free text. Server-side, always.

Each checker returns the cleaned value or raises InvalidInputError naming the form field, so a page can put
the message next to the right widget.
"""

from __future__ import annotations

import re
import unicodedata

from lib.platform.errors import InvalidInputError

_PHONE = re.compile(r"^0[35789][0-9]{8}$")  # [0-9]: \d would take other scripts' digits (٣)
_PHONE_NOISE = re.compile(r"[\s.\-()/]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_text(value: object, field: str, max_length: int, required: bool = True) -> str:
    """NFC, control characters refused, inner whitespace collapsed; '' allowed only when not required."""
    text = unicodedata.normalize("NFC", str(value or ""))
    if _CONTROL.search(text.replace("\n", " ").replace("\t", " ")):
        raise InvalidInputError("val.control_chars", field=field)
    text = " ".join(text.split())
    if required and not text:
        raise InvalidInputError("val.required", field=field)
    if len(text) > max_length:
        raise InvalidInputError("val.too_long", field=field, max=max_length)
    return text


def normalize_phone(value: object, field: str = "phone") -> str:
    """Vietnamese mobile number as 10 digits starting with 0: accepts +84, 84, spaces, dots and dashes."""
    raw = _PHONE_NOISE.sub("", str(value or "").strip())
    if not raw:
        raise InvalidInputError("val.required", field=field)
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    elif raw.startswith("84") and len(raw) == 11:
        raw = "0" + raw[2:]
    elif raw.isascii() and raw.isdigit() and len(raw) == 9 and raw[0] in "35789":
        raw = "0" + raw  # Excel dropped the leading zero
    if not _PHONE.match(raw):
        raise InvalidInputError("val.phone", field=field, value=str(value or "")[:30])
    return raw


def clean_person_name(value: object, field: str = "name") -> str:
    """A person's name: letters (any script, diacritics kept), spaces, apostrophes, hyphens; 2-100 characters."""
    text = clean_text(value, field, 100)
    if any(ch.isdigit() for ch in text) or not any(ch.isalpha() for ch in text):
        raise InvalidInputError("val.person_name", field=field)
    if not all(ch.isalpha() or ch in " '-." or unicodedata.category(ch) == "Mn" for ch in text):
        raise InvalidInputError("val.person_name", field=field)
    return text


def search_key(value: str) -> str:
    """What a search box compares: no diacritics (đ -> d), lower case, single spaces, so "quan an" finds
    "Quán ăn" (the SQL side folds the column the same way: lib.venues.lookup)."""
    text = unicodedata.normalize("NFD", str(value or "").replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower().split())


def match_key(value: str) -> str:
    """Key for spotting likely duplicates: no diacritics (đ -> d), lower case, letters and digits only."""
    text = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "", text)
