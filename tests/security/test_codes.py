"""Forged, edited, truncated, replayed-after-rotation and random codes: at least 10,000 hypothesis examples of
each kind, and none is accepted. Each attempt goes through the same parsing the door and the poster link use."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.codes import tokens
from lib.people import households
from lib.platform.errors import InvalidCodeError
from tests.conftest import tally

SECRET = "security-suite-secret"
EXAMPLES = settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))
VALID = [
    tokens.sign(SECRET, kind, subject, version) for kind, subject, version in (("V", "K7M2QX", 3), ("P", "1234567", 1), ("P", "42", 12))
]
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.|:/?=&%+ "


def _accepted(text: str) -> bool:
    try:
        tokens.verify(SECRET, tokens.token_from_scan(text))
    except InvalidCodeError:
        return False
    return True


@EXAMPLES
@given(
    st.sampled_from("VP"),
    st.text("0123456789ABCDEFGHJKMNPQRSTVWXYZ", min_size=1, max_size=20),
    st.integers(1, 999_999),
    st.binary(min_size=16, max_size=16),
)
def test_forged_codes(kind, subject, version, signature):
    import base64

    candidate = f"C1.{kind}.{subject}.{version}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"
    forged = candidate != tokens.sign(SECRET, kind, subject, version)
    accepted = _accepted(candidate)
    tally("codes forged", tried=1, accepted=int(accepted and forged))
    assert not (accepted and forged)


@EXAMPLES
@given(st.sampled_from(VALID), st.data())
def test_edited_codes(token, data):
    position = data.draw(st.integers(0, len(token) - 1))
    replacement = data.draw(st.sampled_from(ALPHABET).filter(lambda c: c != token[position]))
    edited = token[:position] + replacement + token[position + 1 :]
    accepted = _accepted(edited)
    tally("codes edited", tried=1, accepted=int(accepted))
    assert not accepted


@EXAMPLES
@given(st.sampled_from("VP"), st.integers(1, 10**12), st.integers(1, 999_999), st.data())
def test_truncated_codes(kind, subject, version, data):
    token = tokens.sign(SECRET, kind, str(subject), version)
    cut = data.draw(st.integers(1, len(token) - 1))
    accepted = _accepted(token[:cut]) or _accepted(token[cut:])
    tally("codes truncated", tried=2, accepted=int(accepted))
    assert not accepted


@EXAMPLES
@given(st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("latin-1")))
def test_random_codes(text):
    accepted = _accepted(text)
    tally("codes random", tried=1, accepted=int(accepted))
    assert not accepted


def test_codes_replayed_after_rotation(fresh_db):
    """A personal code stops working when the person's code is revoked (version bumped), whichever older
    version is replayed; 10,000 replays against the real database."""
    people = list(range(1, 51))
    with fresh_db.cursor() as cur:
        for pid in people:
            cur.execute(
                "INSERT INTO people (person_id, household_id, full_name, birth_year, gender, scheme, province_code,"
                " ward_code, code_version) VALUES (?, ?, 'NGƯỜI', 1990, 'Nữ', '2021', '87', '29905', 1)",
                [pid, pid],
            )
        for _ in range(3):
            for pid in people:
                households.revoke_code(cur, pid)  # each person now on version 4
        accepted, refusals = 0, set()
        for n in range(10_000):
            pid, old_version = people[n % len(people)], 1 + n % 3
            replay = tokens.sign(SECRET, tokens.PERSON, str(pid), old_version)
            try:
                households.verify_personal_code(cur, SECRET, replay)
                accepted += 1
            except InvalidCodeError as err:
                refusals.add(err.key)
        current = households.verify_personal_code(cur, SECRET, tokens.sign(SECRET, tokens.PERSON, "7", 4))
    tally("codes replayed after rotation", tried=10_000, accepted=accepted)
    assert accepted == 0 and current == 7 and refusals == {"code.revoked"}
