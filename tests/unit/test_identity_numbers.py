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
BHYT_MESSAGE = "Mã thẻ BHYT gồm 15 ký tự (ví dụ GD4797931234567) hoặc 10 chữ số."


@given(st.sampled_from(["", "GD4", "HN279", "gd479"]), st.text(_ANY_DIGIT, min_size=10, max_size=10), st.sampled_from(["", " ", "-"]))
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
    try:
        number = identity.insurance_number(text)
    except InvalidInputError as err:
        assert err.message("vi") == BHYT_MESSAGE and err.field == "insurance_no"
        return
    assert len(number) == 10 and number.isascii() and number.isdigit()


@given(st.text(_ANY_DIGIT, min_size=12, max_size=12))
def test_citizen_id_digits_are_the_ascii_digits_typed(digits):
    try:
        number = identity.citizen_id_digits(digits)
    except InvalidInputError:
        assert not digits.isascii() or not 1 <= int(digits[:3]) <= 96
        return
    assert number.isascii() and number == digits


@given(st.text(_ANY_DIGIT, min_size=9, max_size=9), st.sampled_from(["0", "+84", "84", ""]))
def test_phone_numbers_are_the_ascii_digits_typed(digits, prefix):
    try:
        phone = validation.normalize_phone(f"{prefix}{digits}")
    except InvalidInputError as err:
        assert err.key == "val.phone" and (not digits.isascii() or digits[0] not in "35789")
        return
    assert phone == f"0{digits}" and phone.isascii()
