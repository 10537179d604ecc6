"""AppTest of what the URL keeps (lib.ui.url_state): F5 and a second tab start a new Streamlit session, and the
open tab, the chosen venue and the chosen account come back from the URL's parameters — only among what the
person may choose."""

import re

from tests.builders import demo_user
from tests.pages.test_pages import _run


def _venue_of_ward(demo_env, ward_code: str, inside: bool) -> str:
    with demo_env.cursor() as cur:
        return cur.execute(
            "SELECT min(venue_id) FROM venues WHERE (ward_code = ?) = ? AND status = 'active'", [ward_code, inside]
        ).fetchone()[0]


def test_a_chosen_venue_goes_into_the_url_and_comes_back_in_a_new_session(demo_env):
    chair = demo_user(demo_env, "phuong1")
    own = _venue_of_ward(demo_env, chair.ward_code, inside=True)
    at = _run("views/venues.py", demo_env, "phuong1")
    assert "venue" not in at.query_params
    at.selectbox(key="venues.pick").select(own).run()
    assert at.query_params["venue"] == own
    again = _run("views/venues.py", demo_env, "phuong1", query={"venues.tab": "detail", "venue": own})
    assert not again.exception
    assert again.session_state["venues.tab.open"] == "detail" and again.selectbox(key="venues.pick").value == own
    assert any(own in str(w.key) for w in again.text_input)  # the venue's own edit form is drawn


def test_a_venue_outside_the_chairs_ward_in_the_url_is_not_opened(demo_env):
    chair = demo_user(demo_env, "phuong1")
    foreign = _venue_of_ward(demo_env, chair.ward_code, inside=False)
    at = _run("views/venues.py", demo_env, "phuong1", query={"venues.tab": "detail", "venue": foreign})
    assert not at.exception and at.selectbox(key="venues.pick").value is None
    assert "venue" not in at.query_params and not any(foreign in str(w.key) for w in at.text_input)


def test_an_unknown_tab_in_the_url_opens_the_first(demo_env):
    at = _run("views/venues.py", demo_env, "vanhoa", query={"venues.tab": "<script>"})
    assert not at.exception and "venues.tab.open" not in at.session_state


def test_the_door_keeps_its_venue_and_the_users_page_its_account(demo_env, no_webrtc):
    """A guard's F5 came back on the first venue of their list; an admin's on the first account."""
    with demo_env.cursor() as cur:
        account = cur.execute("SELECT max(user_id) FROM users").fetchone()[0]
    for script, username, key, name, pick in (
        ("views/scan.py", "vanhoa", "scan.venue", "venue", lambda label: re.search(r"\(([2-9A-Z]{6})\)", label).group(1)),
        ("views/users.py", "demo_admin", "users.account", "account", lambda _: account),
    ):
        at = _run(script, demo_env, username)
        value = pick(at.selectbox(key=key).options[-1])
        assert at.selectbox(key=key).value != value
        at.selectbox(key=key).set_value(value).run()
        assert not at.exception and at.query_params[name] == str(value)
        again = _run(script, demo_env, username, query=dict(at.query_params))
        assert not again.exception and again.selectbox(key=key).value == value
