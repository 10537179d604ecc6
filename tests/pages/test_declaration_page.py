"""AppTest of the public declaration page: a household of three, field errors, coming back."""

import pytest
from streamlit.proto.TextInput_pb2 import TextInput as TextInputProto
from streamlit.testing.v1 import AppTest

from lib.codes import tokens
from lib.platform.config import PROJECT_ROOT
from lib.platform.i18n import t
from lib.ui import session
from tests.pages.browser import remember_shown_labels

PAGE = str(PROJECT_ROOT / "views/declaration.py")


def _fill_person(at, prefix, name, year, gender, phone="", id_number=""):
    at.text_input(key=f"declaration.{prefix}.full_name").input(name)
    at.text_input(key=f"declaration.{prefix}.birth_year").input(year)
    at.selectbox(key=f"declaration.{prefix}.gender").select(gender)
    at.text_input(key=f"declaration.{prefix}.phone").input(phone)
    at.text_input(key=f"declaration.{prefix}.id_number").input(id_number)


def _page():
    return AppTest.from_file(PAGE, default_timeout=60).run()


def test_household_of_three_declares_and_gets_three_codes(demo_env):
    at = _page()
    _fill_person(at, "p0", "Võ Thị Kim Ngân", "1985", "Nữ", "0933 111 222", "087185123456")
    at.selectbox(key="declaration.address.ward").select("29905")
    at.text_input(key="declaration.address.street").input("45 Lý Thường Kiệt")
    at.number_input(key="declaration.count").set_value(2).run()
    _fill_person(at, "p1", "Nguyễn Minh Khang", "2015", "Nam")
    at.selectbox(key="declaration.p1.relationship").select("child")
    _fill_person(at, "p2", "Võ Văn Sáu", "1950", "Nam")
    at.selectbox(key="declaration.p2.relationship").select("parent")
    at.radio(key="declaration.p2.travelled").set_value(True).run()
    at.text_input(key="declaration.p2.travel_details").input("TP. Hồ Chí Minh")
    at.checkbox(key="declaration.consent").check()
    at.button(key="declaration.submit").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == t("decl.done", "vi", n=3)
    assert [w.value.split(" · ")[0] for w in at.warning] == ["VÕ V** S**"]  # yellow: travel
    assert len(at.image) == 3
    with demo_env.cursor() as cur:
        rows = cur.execute(
            "SELECT full_name, phone, scheme, province_code, district_code, ward_code FROM people WHERE owner_phone = '0933111222'"
            " ORDER BY person_id"
        ).fetchall()
    # today's address: the 2025 ward (Phường Sa Đéc) in the merged Đồng Tháp (82), no district
    assert rows == [
        ("VÕ THỊ KIM NGÂN", "0933111222", "2025", "82", None, "29905"),
        ("NGUYỄN MINH KHANG", None, "2025", "82", None, "29905"),
        ("VÕ VĂN SÁU", None, "2025", "82", None, "29905"),
    ]


def test_each_invalid_field_shows_its_message_and_nothing_is_stored(demo_env):
    with demo_env.cursor() as cur:
        before = cur.execute("SELECT count(*) FROM people").fetchone()[0]
    at = _page()
    _fill_person(at, "p0", "Trần 123", "1890", "Nam", "12345", "087290123456")
    at.radio(key="declaration.p0.contact_case").set_value(True).run()
    at.button(key="declaration.submit").click().run()
    errors = {e.value for e in at.error}
    assert t("val.person_name", "vi") in errors and t("val.consent", "vi") in errors
    assert any("Năm sinh từ 1900" in e for e in errors) and t("val.details", "vi") in errors
    assert any("Số điện thoại di động không hợp lệ" in e for e in errors)
    with demo_env.cursor() as cur:
        assert cur.execute("SELECT count(*) FROM people").fetchone()[0] == before


def test_coming_back_wrong_check_refused_right_code_shows_household(demo_env):
    with demo_env.cursor() as cur:
        person_id, phone, version = cur.execute(
            "SELECT person_id, phone, code_version FROM people WHERE relationship = 'self' AND phone IS NOT NULL ORDER BY person_id LIMIT 1"
        ).fetchone()
        size = cur.execute("SELECT count(*) FROM people WHERE household_id = ?", [person_id]).fetchone()[0]
    at = _page()
    at.radio(key="declaration.mode").set_value("back").run()
    at.text_input(key="declaration.back_phone").input(phone)
    at.text_input(key="declaration.back_last4").input("0000")
    at.text_input(key="declaration.back_year").input("1900")
    at.button(key="declaration.back_find").click().run()
    assert [e.value for e in at.error] == [t("err.household_not_found", "vi")]
    code = tokens.sign(demo_env.settings.resolved_secret(), "P", str(person_id), version)
    at.text_input(key="declaration.back_code").input(code)
    at.button(key="declaration.back_find").click().run()
    assert not at.exception and len(at.image) == size


def _declare_with_language_switch(demo_env, monkeypatch, phone: str, switch: bool, back: bool = True):
    """Half the form in Vietnamese, (switch to English and) the rest, (back to Vietnamese) and submit."""
    remember_shown_labels(monkeypatch)
    at = _page()
    _fill_person(at, "p0", "Lê Thị Hồng", "1990", "Nữ", phone)
    at.multiselect(key="declaration.p0.symptoms").select("fever").run()
    at.text_input(key="declaration.p0.symptom_details").input("Sốt nhẹ từ hôm qua")
    at.radio(key="declaration.p0.contact_case").set_value(True).run()
    at.text_input(key="declaration.p0.contact_details").input("Người nhà là F0")
    at.number_input(key="declaration.count").set_value(1).run()
    at.selectbox(key="declaration.p1.relationship").select("child").run()
    if switch:
        at.session_state[session.LANGUAGE] = "en"
        at.run()
        assert not at.exception
    at.selectbox(key="declaration.address.ward").select("29905").run()
    at.text_input(key="declaration.address.street").input("12 Nguyễn Huệ").run()
    _fill_person(at, "p1", "Trần Minh Quân", "2016", "Nam")
    at.run()
    if switch and back:
        at.session_state[session.LANGUAGE] = "vi"
        at.run()
    at.checkbox(key="declaration.consent").check()
    at.button(key="declaration.submit").click().run()
    lang = "en" if switch and not back else "vi"
    assert not at.exception and at.success[0].value == t("decl.done", lang, n=2), [e.value for e in at.error]
    with demo_env.cursor() as cur:
        return cur.execute(
            "SELECT p.full_name, p.relationship, d.symptoms, d.symptom_details, d.contact_case, d.contact_details, d.travelled,"
            " d.outbreak_area, d.risk_level, d.risk_reasons FROM declarations d JOIN people p USING (person_id)"
            " WHERE p.owner_phone = ? ORDER BY p.person_id",
            [phone.replace(" ", "")],
        ).fetchall()


@pytest.mark.parametrize("back", [True, False], ids=["back_to_vi", "submitted_in_en"])
def test_switching_language_mid_form_keeps_every_answer(demo_env, monkeypatch, back):
    """Fill in Vietnamese, switch to English (and back): the stored declaration equals the one made without."""
    plain = _declare_with_language_switch(demo_env, monkeypatch, f"0933 700 00{1 + 2 * back}", switch=False)
    switched = _declare_with_language_switch(demo_env, monkeypatch, f"0933 700 00{2 + 2 * back}", switch=True, back=back)
    assert plain[0][2:] == (["fever"], "Sốt nhẹ từ hôm qua", True, "Người nhà là F0", False, False, "red", ["symptoms", "contact_case"])
    assert plain[1][1] == "child"
    assert switched == plain


def _owner_only(at, phone, id_number="", year="1985"):
    _fill_person(at, "p0", "Phạm Thị Thu", year, "Nữ", phone, id_number)
    at.selectbox(key="declaration.address.ward").select("29905")
    at.text_input(key="declaration.address.street").input("8 Trần Hưng Đạo")
    at.checkbox(key="declaration.consent").check()
    return at


def test_a_cccd_pasted_with_spaces_is_kept_and_normalised(demo_env):
    at = _owner_only(_page(), "0933 700 101", "087 185 123 456")  # 15 characters as pasted from a message
    assert at.text_input(key="declaration.p0.id_number").value == "087 185 123 456"
    at.button(key="declaration.submit").click().run()
    assert not at.exception and at.success[0].value == t("decl.done", "vi", n=1)
    with demo_env.cursor() as cur:
        assert cur.execute("SELECT id_last4 FROM people WHERE owner_phone = '0933700101'").fetchone()[0] == "3456"


def test_a_long_paste_is_kept_and_reported_too_long(demo_env):
    at = _owner_only(_page(), "0933 700 102")
    at.radio(key="declaration.p0.contact_case").set_value(True).run()
    long_name, long_details = "Nguyễn " * 20, "Đã gặp người nhà là F0 nhiều lần trong tuần. " * 8
    at.text_input(key="declaration.p0.full_name").input(long_name)
    at.text_input(key="declaration.p0.contact_details").input(long_details)
    at.button(key="declaration.submit").click().run()
    assert at.text_input(key="declaration.p0.full_name").value == long_name  # the field still holds the paste
    errors = [e.value for e in at.error]
    assert t("val.too_long", "vi", max=100) in errors and t("val.too_long", "vi", max=300) in errors
    assert t("val.details", "vi") not in errors


def test_every_error_of_a_person_is_reported_at_once_and_summarised_at_the_button(demo_env):
    at = _owner_only(_page(), "0933 700 103", "08718512345", year="1890")  # an 11-digit CCCD and a wrong year
    at.button(key="declaration.submit").click().run()
    errors = [e.value for e in at.error]
    assert t("val.cccd_format", "vi") in errors and any("Năm sinh từ 1900" in e for e in errors)
    summary = errors[-1]  # the last message on the page, right under the submit button
    assert summary.startswith(t("val.form_summary", "vi", n=2))
    assert f"{t('decl.owner', 'vi')} · {t('decl.id_number', 'vi')}: {t('val.cccd_format', 'vi')}" in summary
    assert f"{t('decl.owner', 'vi')} · {t('decl.birth_year', 'vi')}:" in summary


def test_digit_fields_open_the_numeric_keypad(demo_env):
    at = _page()
    for field in ("phone", "birth_year", "id_number"):
        assert at.text_input(key=f"declaration.p0.{field}").proto.type == TextInputProto.PHONE, field
    # the old 15-character BHYT code has letters (GD4797931234567): a numeric keypad would lock them out
    assert at.text_input(key="declaration.p0.insurance_no").proto.type == TextInputProto.DEFAULT


def _in_order(at) -> list:
    """The page's elements in the order they are drawn (widgets and messages, not their containers)."""
    return [node for node in at.main if not hasattr(node, "children")]


def test_a_failed_submit_shows_each_error_under_its_field_and_all_at_the_button_once(demo_env):
    at = _page()
    assert not [n for n in _in_order(at) if n.type == "empty"]  # nothing waits for an error on a clean page
    _fill_person(at, "p0", "Trần 123", "1990", "Nam", "0933 111 222")
    at.button(key="declaration.submit").click().run()
    shown = _in_order(at)
    keys = [getattr(n, "key", None) for n in shown]
    under_name = shown[keys.index("declaration.p0.full_name") + 1]
    assert under_name.type == "error" and under_name.value == t("val.person_name", "vi")
    summary = shown[keys.index("declaration.submit") + 1]
    assert summary.value.startswith(t("val.form_summary", "vi", n=4)), summary.value
    assert t("val.person_name", "vi") in summary.value and t("val.consent", "vi") in summary.value
    at.text_input(key="declaration.address.street").input("12 Nguyễn Huệ").run()  # any other run: the form drawn clean
    assert not at.error


def test_a_relative_starts_with_no_relationship_and_must_choose_one(demo_env):
    at = _page()
    at.number_input(key="declaration.count").set_value(1).run()
    assert at.selectbox(key="declaration.p1.relationship").value is None  # it started on "Vợ/chồng"


def test_a_symptom_picked_without_a_description_asks_for_one_without_speaking_of_yes(demo_env):
    """The walk: a symptom picked from the list got 'Hãy ghi rõ khi trả lời "Có"', a question never asked."""
    at = _owner_only(_page(), "0933 700 103")
    at.multiselect(key="declaration.p0.symptoms").set_value(["fever"]).run()
    at.button(key="declaration.submit").click().run()
    errors = [e.value for e in at.error]
    assert t("val.symptom_details", "vi") in errors and t("val.details", "vi") not in errors
