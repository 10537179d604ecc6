"""Declarations: validators (with hypothesis), ID-card parsers, risk, households, personal codes, coming back."""

import contextlib
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.access import rate_limits
from lib.codes import decoding, id_cards, rendering, tokens
from lib.people import declaration_form, households, identity
from lib.people import declarations as d
from lib.platform.errors import ConflictError, FormErrors, InvalidCodeError, InvalidInputError, NotFoundError
from lib.platform.i18n import t
from tests import builders as build

SECRET = "sec"
ADDRESS = declaration_form.Address("2021", "87", "867", "29905", "12 Nguyễn Huệ")


def test_names_normalised_to_capitals_with_diacritics():
    assert identity.person_name("  Hồ   Yến Nhi ") == "HỒ YẾN NHI"
    decomposed = "Ho\u0302\u0300 Ye\u0302\u0301n Nhi"  # combining marks
    assert identity.person_name(decomposed) == "HỒ YẾN NHI"
    assert identity.person_name("Hồ\u200b Yến Nhi") == "HỒ YẾN NHI"
    for bad in ("", "Nguyễn Văn 3", "!!!", "😀 An", "x" * 101):
        with pytest.raises(InvalidInputError):
            identity.person_name(bad)


@given(st.text(max_size=120))
def test_name_validator_accepts_only_clean_capitals(text):
    try:
        name = identity.person_name(text)
    except InvalidInputError:
        return
    assert name == name.upper() and 1 <= len(name) <= 100 and not any(ch.isdigit() for ch in name)
    assert "\u200b" not in name


@pytest.mark.parametrize(
    ("number", "gender", "year", "ok"),
    [
        ("087301001234", "Nữ", 2001, True),
        ("087201001234", "Nam", 2001, True),
        ("087090123456", "Nam", 1990, True),
        ("087190123456", "Nữ", 1990, True),
        ("087090123456", "Nữ", 1990, False),
        ("087291001234", "Nam", 2001, False),
        ("087090123456", "Nam", 1991, False),
        ("08709012345", "Nam", 1990, False),
        ("999090123456", "Nam", 1990, False),
        ("087090123456", "Khác", 1990, True),
    ],
)
def test_citizen_id_consistency(number, gender, year, ok):
    if ok:
        assert identity.citizen_id(number, gender, year) == number
    else:
        with pytest.raises(InvalidInputError):
            identity.citizen_id(number, gender, year)


@given(st.integers(1900, 2099), st.sampled_from(["Nam", "Nữ"]), st.integers(1, 96), st.integers(0, 999999))
def test_generated_citizen_ids_agree_with_gender_and_year(year, gender, province, serial):
    digit = (year - 1900) // 100 * 2 + (1 if gender == "Nữ" else 0)
    number = f"{province:03d}{digit}{year % 100:02d}{serial:06d}"
    assert identity.citizen_id(number, gender, year) == number
    with pytest.raises(InvalidInputError):
        identity.citizen_id(number, "Nam" if gender == "Nữ" else "Nữ", year)


def test_insurance_both_formats_and_masking():
    assert identity.insurance_number("GD4797931234567") == identity.insurance_number("7931234567") == "7931234567"
    with pytest.raises(InvalidInputError):
        identity.insurance_number("GD9797931234567")
    assert identity.mask_name("HỒ YẾN NHI") == "HỒ Y** N**"
    assert identity.birth_year("1990") == 1990
    with pytest.raises(InvalidInputError):
        identity.birth_year(date.today().year + 1)


def test_identity_qr_parsers():
    card = id_cards.parse_identity_qr("087301001234|361234567|Hồ Yến Nhi|15032001|Nữ|Phường 1, Sa Đéc, Đồng Tháp|01022022")
    assert (card.id_number, card.full_name, card.birth_date, card.gender) == ("087301001234", "HỒ YẾN NHI", date(2001, 3, 15), "Nữ")
    assert id_cards.parse_cccd_qr("087301001234||HO YEN NHI|15032001|Nữ|Sa Đéc").address == "Sa Đéc"
    national = id_cards.parse_identity_qr("087301001234|HO YEN NHI|2001-03-15|1|QID123|")
    assert national.on_behalf and national.birth_date == date(2001, 3, 15)
    for bad in ("", "C1.V.ABC.1.x", "a|b|c", "087301001234|x|31022001|Nữ|a|b", "123|NAME|2001-01-01|0|q|e"):
        with pytest.raises(InvalidCodeError):
            id_cards.parse_identity_qr(bad)


@given(st.text(max_size=200))
def test_identity_parsers_raise_only_invalid_code(text):
    with contextlib.suppress(InvalidCodeError):
        id_cards.parse_identity_qr(text)


def test_risk_levels():
    assert d.assess_risk(declaration_form.Answers()) == ("green", ())
    assert d.assess_risk(declaration_form.Answers(travelled=True, travel_details="HCM")) == ("yellow", ("travel",))
    assert d.assess_risk(declaration_form.Answers(symptoms=("fever",), outbreak_area=True))[0] == "red"


def _family():
    owner = declaration_form.PersonForm(
        "Hồ Văn Tâm",
        1980,
        "Nam",
        phone="+84 912 345 678",
        id_number="087080123456",
        answers=declaration_form.Answers(travelled=True, travel_details="TP. Hồ Chí Minh"),
    )
    wife = declaration_form.PersonForm("Lê Thị Hoa", 1982, "Nữ", "spouse", phone="0987 654 321")
    child = declaration_form.PersonForm("Hồ Gia Bảo", 2018, "Nam", "child")
    grandma = declaration_form.PersonForm(
        "Trần Thị Ba",
        1945,
        "Nữ",
        "grandparent",
        insurance_no="GD4797931234567",
        answers=declaration_form.Answers(symptoms=("fever", "cough"), symptom_details="sốt 2 ngày"),
    )
    return owner, [wife, child, grandma]


def test_family_of_four_declares_and_gets_four_codes_without_personal_data(fresh_db):
    owner, relatives = _family()
    with fresh_db.cursor() as cur:
        result = d.declare_household(cur, SECRET, owner, relatives, ADDRESS, consent=True)
        assert [r.risk_level for r in result] == ["yellow", "green", "green", "red"]
        assert result[0].masked_name == "HỒ V** T**"
        assert cur.execute("SELECT count(*) FROM risk_followups").fetchone()[0] == 2
        people = cur.execute("SELECT household_id, owner_phone, phone, id_last4, id_hash FROM people ORDER BY person_id").fetchall()
        assert {p[0] for p in people} == {result[0].person_id} and {p[1] for p in people} == {"0912345678"}
        assert people[2][2] is None and people[0][3] == "3456" and "087080123456" not in str(people)
        for declared in result:
            payload = decoding.decode_image(rendering.png_bytes(declared.token))[0]
            assert tokens.verify(SECRET, payload).subject == str(declared.person_id)
            for secret_bit in ("HỒ", "HO ", "0912345678", "087080123456", "1980", "Tâm"):
                assert secret_bit not in payload
        again = d.record_declaration(cur, SECRET, result[1].person_id, result[0].person_id, declaration_form.Answers())
        assert again.token == result[1].token  # the same code when declaring again
        households.revoke_code(cur, result[1].person_id)
        renewed = households.members(cur, SECRET, result[0].person_id)[1].token
        assert tokens.verify(SECRET, renewed).version == 2 and tokens.verify(SECRET, result[1].token).version == 1


def test_declaring_again_for_someone_not_on_file_is_refused_before_anything_is_written(fresh_db):
    with fresh_db.cursor() as cur:
        with pytest.raises(NotFoundError, match="No household matches"):
            d.record_declaration(cur, SECRET, 999_999, None, declaration_form.Answers(symptoms=("fever",)))
        assert cur.execute("SELECT count(*) FROM declarations").fetchone()[0] == 0
        assert cur.execute("SELECT count(*) FROM risk_followups").fetchone()[0] == 0


def test_every_invalid_field_is_reported_and_nothing_stored(fresh_db):
    owner = declaration_form.PersonForm(
        "Nguyễn 3", 1800, "?", phone="123", id_number="087080123456", answers=declaration_form.Answers(contact_case=True)
    )
    relative = declaration_form.PersonForm("", 2010, "Nữ", "child", id_number="087080123456")
    with fresh_db.cursor() as cur:
        with pytest.raises(FormErrors) as err:
            d.declare_household(cur, SECRET, owner, [relative], declaration_form.Address("2021", "87", "866", "29905", ""), False)
        assert set(err.value.fields) >= {
            "p0.full_name",
            "p0.birth_year",
            "p0.gender",
            "p0.phone",
            "p0.contact_details",
            "p1.full_name",
            "p1.id_number",
            "address.ward_code",
            "address.street",
            "consent",
        }
        assert cur.execute("SELECT count(*) FROM people").fetchone()[0] == 0


def test_coming_back_needs_a_second_factor_and_is_rate_limited(fresh_db):
    owner, relatives = _family()
    now = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
    with fresh_db.cursor() as cur:
        result = d.declare_household(cur, SECRET, owner, relatives, ADDRESS, True, now=now)
        household = result[0].person_id
        assert households.find_household(cur, SECRET, "0912 345 678", personal_code=result[2].token, now=now) == household
        assert households.find_household(cur, SECRET, "0912345678", id_last4="3456", birth_year=1980, now=now) == household
        with pytest.raises(NotFoundError):
            households.find_household(cur, SECRET, "0912345678", now=now)  # phone alone is never enough
        phone_at = rate_limits.client(SECRET, "203.0.113.9")
        for _ in range(households.MAX_FAILURES):
            with pytest.raises(NotFoundError):
                households.find_household(cur, SECRET, "0912345678", id_last4="0000", birth_year=1980, now=now, client=phone_at)
        with pytest.raises(ConflictError, match="Too many"):
            households.find_household(cur, SECRET, "0912345678", personal_code=result[0].token, now=now, client=phone_at)
        # another client (the household's own phone) is not locked out by the guesser
        assert households.find_household(cur, SECRET, "0912345678", personal_code=result[0].token, now=now) == household
        later = now + timedelta(minutes=16)
        assert households.find_household(cur, SECRET, "0912345678", personal_code=result[0].token, now=later, client=phone_at) == household
        assert len(households.members(cur, SECRET, household)) == 4
        history = households.history(cur, result[3].person_id)
        assert history["kind"].tolist() == ["declaration"] and history["detail"][0] == "red"


def test_card_holder_matched_by_keyed_hash_or_registered(fresh_db):
    card = id_cards.parse_identity_qr("087190123456||Đặng Thị Lụa|05061990|Nữ|Sa Đéc|01022022")
    with fresh_db.cursor() as cur:
        assert d.find_by_citizen_id(cur, SECRET, card.id_number) is None
        person_id = d.register_from_card(cur, SECRET, card, ADDRESS)
        assert d.register_from_card(cur, SECRET, card, ADDRESS) == person_id
        assert d.find_by_citizen_id(cur, SECRET, "087190123456") == person_id
        row = cur.execute("SELECT full_name, birth_year, id_last4, id_hash FROM people WHERE person_id = ?", [person_id]).fetchone()
        assert row[:3] == ("ĐẶNG THỊ LỤA", 1990, "3456") and "087190123456" not in row[3]


def test_officer_search_and_history_are_audited_and_scoped(fresh_db):
    from lib.people import search

    owner, relatives = _family()
    with fresh_db.cursor() as cur:
        result = d.declare_household(cur, SECRET, owner, relatives, ADDRESS, True)
        officer = build.health(cur)
        other_chair = build.ward_chair(cur, build.PHUONG_2, "ward2")
        for query, expected in (("0912 345 678", 4), ("087080123456", 1), ("hồ gia", 1), (result[3].token, 1)):
            assert len(search.search_people(cur, officer, SECRET, query, "F1 của ca bệnh BN-12")) == expected
        with pytest.raises(InvalidInputError):
            search.search_people(cur, officer, SECRET, "0912345678", "  ")
        history = search.person_history(cur, officer, result[0].person_id, "Truy vết ca BN-12")
        assert history["kind"].tolist() == ["declaration"]
        assert search.search_people(cur, other_chair, SECRET, "0912345678", "kiểm tra").empty
        with pytest.raises(NotFoundError):
            search.person_history(cur, other_chair, result[0].person_id, "kiểm tra")
        rows = cur.execute(
            "SELECT username, action, reason, row_count FROM audit_log WHERE action IN ('search_people', 'view_history') ORDER BY audit_id"
        ).fetchall()
        assert rows[0] == ("yte1", "search_people", "F1 của ca bệnh BN-12", 4)
        assert ("yte1", "view_history", "Truy vết ca BN-12", 1) in rows


@pytest.mark.parametrize(
    ("mutate", "key"),
    [
        (lambda tok: tok[:-1] + ("A" if tok[-1] != "A" else "B"), "code.forged"),
        (lambda tok: tok[:-4], "code.foreign"),
        (lambda tok: tokens.sign("other-secret", "P", tok.split(".")[2], 1), "code.forged"),
        (lambda tok: tokens.sign(SECRET, "V", "ABC234", 1), "code.venue_not_personal"),
    ],
)
def test_personal_code_tampering_is_rejected(fresh_db, mutate, key):
    owner, _ = _family()
    with fresh_db.cursor() as cur:
        [declared] = d.declare_household(cur, SECRET, owner, [], ADDRESS, True)
        assert households.verify_personal_code(cur, SECRET, declared.token) == declared.person_id
        with pytest.raises(InvalidCodeError) as err:
            households.verify_personal_code(cur, SECRET, mutate(declared.token))
        assert err.value.key == key


def test_revoked_personal_code_is_refused(fresh_db):
    owner, _ = _family()
    with fresh_db.cursor() as cur:
        [declared] = d.declare_household(cur, SECRET, owner, [], ADDRESS, True)
        households.revoke_code(cur, declared.person_id)
        with pytest.raises(InvalidCodeError, match="revoked"):
            households.verify_personal_code(cur, SECRET, declared.token)
        fresh = households.members(cur, SECRET, declared.person_id)[0].token
        assert households.verify_personal_code(cur, SECRET, fresh) == declared.person_id


def test_a_relative_without_a_chosen_relationship_is_an_error_and_nothing_is_stored(fresh_db):
    """The form pre-selected "Vợ/chồng" for every relative, children included: the choice must be made."""
    owner = declaration_form.PersonForm("Hồ Văn Tâm", 1980, "Nam", phone="0912345678")
    child = declaration_form.PersonForm("Hồ Gia Bảo", 2018, "Nam", "")
    with fresh_db.cursor() as cur:
        with pytest.raises(FormErrors) as err:
            d.declare_household(cur, SECRET, owner, [child], ADDRESS, True)
        assert set(err.value.fields) == {"p1.relationship"}
        assert err.value.fields["p1.relationship"].message("vi") == t("val.relationship", "vi")
        assert cur.execute("SELECT count(*) FROM people").fetchone()[0] == 0
