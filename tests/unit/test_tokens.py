"""Signed tokens: round trip, and every kind of tampering rejected with the project's invalid-code error."""

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.codes import tokens
from lib.platform.errors import InvalidCodeError

SECRET = "test-secret"


def test_round_trip_venue_and_person():
    token = tokens.sign(SECRET, tokens.VENUE, "K7M2QX", 3)
    assert tokens.verify(SECRET, token) == tokens.Token("V", "K7M2QX", 3)
    person = tokens.sign(SECRET, tokens.PERSON, "123456", 1)
    assert tokens.verify(SECRET, person) == tokens.Token("P", "123456", 1)
    assert len(person) < 50 and "123456" in person  # compact, an opaque number only


def test_poster_url_round_trip():
    token = tokens.sign(SECRET, tokens.VENUE, "K7M2QX", 1)
    url = tokens.venue_url("https://qr.sadec.gov.vn/", token)
    assert url == f"https://qr.sadec.gov.vn/poster?v={token}"  # the light poster page
    assert tokens.verify(SECRET, tokens.token_from_scan(url, "https://qr.sadec.gov.vn")).subject == "K7M2QX"
    older = f"https://qr.sadec.gov.vn/checkin?v={token}"  # posters printed before it: the Streamlit page
    assert tokens.verify(SECRET, tokens.token_from_scan(older, "https://qr.sadec.gov.vn")).subject == "K7M2QX"
    for look_alike in (f"https://qr.sadec.gov.vn/posters?v={token}", f"https://qr.sadec.gov.vn/poster/holders?v={token}"):
        with pytest.raises(InvalidCodeError, match="not a page of this system"):
            tokens.token_from_scan(look_alike, "https://qr.sadec.gov.vn")


@pytest.mark.parametrize(
    ("mutate", "key"),
    [
        (lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), "code.forged"),  # one flipped character
        (lambda t: t.replace(".3.", ".4."), "code.forged"),  # edited version
        (lambda t: t.replace("K7M2QX", "K7M2QY"), "code.forged"),  # edited venue
        (lambda t: t[:-5], "code.foreign"),  # truncated
        (lambda t: tokens.sign("other-secret", "V", "K7M2QX", 3), "code.forged"),  # another server's token
        (lambda t: "", "code.foreign"),
        (lambda t: "CCCD|0870...|NGUYEN", "code.foreign"),
    ],
)
def test_tampering_is_rejected(mutate, key):
    token = tokens.sign(SECRET, tokens.VENUE, "K7M2QX", 3)
    with pytest.raises(InvalidCodeError) as err:
        tokens.verify(SECRET, mutate(token))
    assert err.value.key == key


@settings(max_examples=500)
@given(st.text(max_size=200) | st.binary(max_size=100).map(lambda b: b.decode("latin-1")))
def test_arbitrary_text_never_verifies_and_never_raises_other_errors(text):
    with pytest.raises(InvalidCodeError):
        tokens.verify(SECRET, tokens.token_from_scan(text))


@settings(max_examples=300)
@given(st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=22, max_size=22))
def test_well_formed_tokens_with_random_signatures_are_forged(signature):
    candidate = f"C1.V.K7M2QX.1.{signature}"
    if candidate == tokens.sign(SECRET, "V", "K7M2QX", 1):
        return
    with pytest.raises(InvalidCodeError, match="bad signature"):
        tokens.verify(SECRET, candidate)
