"""The health-insurance (BHYT) and citizen ID (CCCD) number validators, with hypothesis: what they accept is
always the ASCII digits printed on the card (the keyed hashes match only those), and what they refuse gets the
field's own message in Vietnamese."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.people import identity
from lib.platform import validation
from lib.platform.errors import InvalidInputError

_ANY_DIGIT = st.characters(categories=["Nd"])  # ASCII digits and other scripts' digits (٣, ३, ３ ...)


def _outcome(validator, value):
    """(what the validator returned, None) or ("", the InvalidInputError it raised)."""
    try:
        return validator(value), None
    except InvalidInputError as err:
        return "", err


BHYT_MESSAGE = "Mã thẻ BHYT gồm 15 ký tự (ví dụ GD4797931234567) hoặc 10 chữ số."


@given(st.sampled_from(["", "DN401", "HN279", "gd479"]), st.text(_ANY_DIGIT, min_size=10, max_size=10), st.sampled_from(["", " ", "-"]))
def test_insurance_number_is_the_ten_ascii_digits_of_either_card_format(prefix, digits, gap):
    typed = f"{prefix}{gap}{digits[:4]}{gap}{digits[4:]}"
    if digits.isascii():
        assert identity.insurance_number(typed) == digits  # the stable key: the last 10 digits
    else:  # another script's digits would be hashed as a different number than the card's
        with pytest.raises(InvalidInputError) as refused:
            identity.insurance_number(typed)
        assert refused.value.message("vi") == BHYT_MESSAGE


@given(st.text(max_size=30))
def test_insurance_number_accepts_only_ten_ascii_digits_and_says_why_otherwise(text):
    number, refused = _outcome(identity.insurance_number, text)
    if refused is not None:
        assert refused.message("vi") == BHYT_MESSAGE and refused.field == "insurance_no"
    else:
        assert len(number) == 10 and number.isascii() and number.isdigit()


@given(st.text(_ANY_DIGIT, min_size=12, max_size=12))
def test_citizen_id_digits_are_the_ascii_digits_typed(digits):
    number, refused = _outcome(identity.citizen_id_digits, digits)
    if refused is not None:
        assert not digits.isascii() or not 1 <= int(digits[:3]) <= 96
    else:
        assert number.isascii() and number == digits


@given(st.text(_ANY_DIGIT, min_size=9, max_size=9), st.sampled_from(["0", "+84", "84", ""]))
def test_phone_numbers_are_the_ascii_digits_typed(digits, prefix):
    phone, refused = _outcome(validation.normalize_phone, f"{prefix}{digits}")
    if refused is not None:
        assert refused.key == "val.phone" and (not digits.isascii() or digits[0] not in "35789")
    else:
        assert phone == f"0{digits}" and phone.isascii()
