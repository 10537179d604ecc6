"""Cascading administrative-unit pickers: each list depends on the choice above it; codes come back."""

from streamlit.testing.v1 import AppTest


def _picker_script():
    import streamlit as st

    from lib.ui.pickers import unit_picker

    scheme = st.session_state.get("test.scheme", "2021")
    choice = unit_picker("test", "vi", scheme=scheme)
    st.session_state["test.choice"] = choice


def test_2021_cascade_province_district_ward(demo_env):
    at = AppTest.from_function(_picker_script, default_timeout=60).run()
    assert not at.exception
    assert len(at.selectbox) == 1  # nothing below a province until one is chosen
    at.selectbox(key="test.province").select("87").run()
    assert "Thành phố Sa Đéc" in at.selectbox(key="test.district").options
    at.selectbox(key="test.district").select("867").run()
    wards = at.selectbox(key="test.ward").options
    assert len(wards) == 9 and "Phường An Hòa" in wards
    at.selectbox(key="test.ward").select("29905").run()
    choice = at.session_state["test.choice"]
    assert (choice.province_code, choice.district_code, choice.ward_code) == ("87", "867", "29905")


def test_2025_scheme_has_no_district(demo_env):
    at = AppTest.from_function(_picker_script, default_timeout=60)
    at.session_state["test.scheme"] = "2025"
    at.run()
    at.selectbox(key="test.province").select("82").run()
    assert [s.key for s in at.selectbox] == ["test.province", "test.ward"]
    at.selectbox(key="test.ward").select("29905").run()
    choice = at.session_state["test.choice"]
    assert (choice.scheme, choice.district_code, choice.ward_code) == ("2025", None, "29905")
