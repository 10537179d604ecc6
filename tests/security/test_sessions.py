"""Issue 17.5: the Streamlit session id is not a credential. A websocket that names a signed-in session's id
joins its session state, but brings its own (no) cookie: every page it opens is signed out. Forged, foreign
and revoked cookies are refused alike."""

import pytest
from streamlit.testing.v1 import AppTest

from lib.access import sessions
from lib.platform.config import PROJECT_ROOT
from lib.platform.i18n import t
from lib.ui import navigation, session
from tests.builders import demo_user
from tests.conftest import tally

PROTECTED = ["home", "venues", "scan", "footfall", "risk", "tracing", "users", "privacy"]


def _page(name: str) -> AppTest:
    return AppTest.from_file(str(PROJECT_ROOT / "views" / f"{name}.py"), default_timeout=60)


@pytest.mark.parametrize("page", PROTECTED)
def test_joining_a_signed_in_session_without_its_cookie_is_signed_out(demo_env, browser_cookies, page):
    assert page in navigation.PAGES
    at = _page(page)
    at.session_state[session.USER] = demo_user(demo_env, "demo_admin")
    at.run()
    assert not at.error and at.title  # the owner's tab, with its cookie
    # the same session state reached by another websocket: it has no cookie of its own
    browser_cookies.follow_seeded_user = False
    browser_cookies.cookies.clear()
    at.run()
    refused = [e.value for e in at.error] == [t("err.sign_in_required", "vi")] and not at.title
    tally("session id without cookie", tried=1, signed_in=0 if refused else 1)
    assert refused
    assert session.USER not in at.session_state


def _tampered(sealed: str) -> str:
    """The sealed cookie with its last character changed (to "0", or "1" when it already is "0": a fixed "0" left
    one cookie in 16 untouched — the MAC is hex — and the test then saw the genuine cookie sign in)."""
    return sealed[:-1] + ("1" if sealed.endswith("0") else "0")


def test_forged_foreign_and_revoked_cookies_are_signed_out(demo_env, browser_cookies):
    secret = demo_env.settings.resolved_secret()
    user = demo_user(demo_env, "demo_admin")
    with demo_env.cursor() as cur:
        live = sessions.claim_ticket(cur, sessions.open_session(cur, user))
        revoked = sessions.claim_ticket(cur, sessions.open_session(cur, user))
        sessions.end_session(cur, revoked)
    browser_cookies.follow_seeded_user = False
    attempts = {
        "unsigned token": live,
        "signed with another secret": sessions.seal("another secret", live),
        "tampered": _tampered(sessions.seal(secret, live)),
        "unknown token": sessions.seal(secret, "x" * 43),
        "revoked": sessions.seal(secret, revoked),
    }
    signed_in = 0
    for cookie in attempts.values():
        browser_cookies.cookies[sessions.COOKIE_NAME] = cookie
        at = _page("home").run()
        signed_in += [e.value for e in at.error] != [t("err.sign_in_required", "vi")]
    browser_cookies.cookies[sessions.COOKIE_NAME] = sessions.seal(secret, live)
    assert not _page("home").run().error  # the genuine cookie still works
    tally("session cookies", tried=len(attempts), signed_in=signed_in)
    assert signed_in == 0
