"""A tab whose connection came back (the same session, a new websocket client) gets every typed value sent with
its runs until one completes, so the browser shows it again; an ordinary run leaves the browser's own copy alone.
The websocket client's identity is the one thing replaced here: AppTest has no browser to reconnect."""

from time import monotonic

from streamlit.testing.v1 import AppTest

from lib.ui import reconnect


def _form():
    import streamlit as st

    from lib.ui import reconnect

    with reconnect.restoring():
        if st.session_state.pop("test.cut_short", False):
            st.rerun()  # this run is stopped by the next before it draws the boxes (Streamlit's rerun exception)
        st.text_input("Họ và tên", key="declaration.p0.full_name")
        st.number_input("Số người", key="declaration.count", min_value=0, step=1)
        st.checkbox("Tôi cam kết", key="declaration.consent")
        st.button("Gửi", key="declaration.submit")


def test_the_runs_just_after_a_reconnect_send_every_typed_value_and_other_runs_do_not(monkeypatch):
    client = {"id": 1}
    monkeypatch.setattr(reconnect, "_connection", lambda: client["id"])
    at = AppTest.from_function(_form, default_timeout=30).run()
    at.text_input(key="declaration.p0.full_name").input("Trịnh Thị Lạc Sóng")
    at.number_input(key="declaration.count").set_value(2)
    at.checkbox(key="declaration.consent").check().run()
    at.run()  # an ordinary run: the browser keeps its own copy
    assert not at.text_input(key="declaration.p0.full_name").proto.set_value

    client["id"] = 2  # the tab reconnected: a new websocket client for the same session
    at.session_state["test.cut_short"] = True
    at.run()  # its first run is cut short; the next one sends the values
    assert not at.exception
    name, count = at.text_input(key="declaration.p0.full_name"), at.number_input(key="declaration.count")
    assert (name.proto.set_value, name.value) == (True, "Trịnh Thị Lạc Sóng")
    assert (count.proto.set_value, count.value) == (True, 2)
    assert at.checkbox(key="declaration.consent").value is True  # kept, not rewritten (and the button left alone)
    at.text_input(key="declaration.p0.full_name").input("Trịnh Thị Lạc")  # typed once the page is back
    at.run()
    assert not at.text_input(key="declaration.p0.full_name").proto.set_value  # a completed run ended the restoring
    assert at.text_input(key="declaration.p0.full_name").value == "Trịnh Thị Lạc"


def test_restoring_ends_after_restore_seconds_even_if_no_run_completes(monkeypatch):
    client = {"id": 1}
    monkeypatch.setattr(reconnect, "_connection", lambda: client["id"])
    at = AppTest.from_function(_form, default_timeout=30).run()
    client["id"] = 2
    monkeypatch.setattr(reconnect, "_completed", lambda: None)  # every run stopped before its end
    at.run()
    later = monotonic() + reconnect.RESTORE_SECONDS + 1
    monkeypatch.setattr(reconnect, "monotonic", lambda: later)
    at.run()
    assert not at.text_input(key="declaration.p0.full_name").proto.set_value
