"""Everything kept in `st.session_state`, named only here: the signed-in user, activity time, language,
and a one-time notice for the sign-in page.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from lib.access import accounts
from lib.access.users import User
from lib.platform import i18n
from lib.platform.errors import NotFoundError
from lib.platform.times import now_utc
from lib.ui import resources

USER = "session.user"
LAST_SEEN = "session.last_seen"
LANGUAGE = "session.language"
NOTICE = "session.notice"


def language() -> str:
    """The chosen interface language (default from settings, Vietnamese unless configured)."""
    if LANGUAGE not in st.session_state:
        st.session_state[LANGUAGE] = resources.settings().language
    return str(st.session_state[LANGUAGE])


def set_language(lang: str) -> None:
    if lang in i18n.LANGUAGES:
        st.session_state[LANGUAGE] = lang


def sign_in(user: User, now: datetime | None = None) -> None:
    st.session_state[USER] = user
    st.session_state[LAST_SEEN] = now or now_utc()


def sign_out(notice: str | None = None) -> None:
    st.session_state.pop(USER, None)
    st.session_state.pop(LAST_SEEN, None)
    if notice:
        st.session_state[NOTICE] = notice


def take_notice() -> str | None:
    """A message for the sign-in page (e.g. session expired), shown once."""
    return st.session_state.pop(NOTICE, None)


def current_user() -> User | None:
    """The signed-in user, refreshed from the database each run so a disabled account or a revoked venue
    takes effect at once; signs out after the idle timeout."""
    user = st.session_state.get(USER)
    if user is None:
        return None
    settings = resources.settings()
    last_seen = st.session_state.get(LAST_SEEN) or now_utc()
    if accounts.session_expired(last_seen, settings.idle_timeout_minutes):
        sign_out(i18n.t("signin.expired", language(), minutes=settings.idle_timeout_minutes))
        return None
    try:
        with resources.cursor() as cur:
            user = accounts.load_user(cur, user.user_id)
    except NotFoundError:
        sign_out(i18n.t("err.disabled", language()))
        return None
    sign_in(user)
    return user


FLASH = "session.flash"


def flash(text: str) -> None:
    """A success message that survives one st.rerun (shown by `show_flash` on the next run)."""
    st.session_state[FLASH] = text


def show_flash() -> None:
    text = st.session_state.pop(FLASH, None)
    if text:
        st.success(text)


def preset_widget(key: str, value: object) -> None:
    """Choose a widget's value for the next run (only before that widget is drawn in the run)."""
    st.session_state[key] = value


DECLARED = "session.declared"
HOUSEHOLD = "session.household"


def remember_declared(results: list) -> None:
    """The codes just issued, shown until the visitor leaves (kept only in this browser session)."""
    st.session_state[DECLARED] = results


def declared() -> list:
    return st.session_state.get(DECLARED, [])


def remember_household(household_id: int) -> None:
    st.session_state[HOUSEHOLD] = household_id


def household() -> int | None:
    return st.session_state.get(HOUSEHOLD)


LOOKUP = "session.lookup"


def remember_lookup(frame) -> None:
    """An officer's last search result (personal data: this browser session only, never a shared cache)."""
    st.session_state[LOOKUP] = frame


def lookup():
    return st.session_state.get(LOOKUP)


FRAME_SCANNER = "session.frame_scanner"
DOOR_RESULTS = "session.door_results"


def frame_scanner(decoder: str):
    """This browser session's webcam frame scanner (its queue outlives reruns)."""
    from lib.ui.webcam import FrameScanner

    if FRAME_SCANNER not in st.session_state:
        st.session_state[FRAME_SCANNER] = FrameScanner(decoder)
    return st.session_state[FRAME_SCANNER]


def door_results() -> list:
    """The last results at this door, newest first (this browser session only)."""
    return st.session_state.setdefault(DOOR_RESULTS, [])


def add_door_result(result) -> None:
    st.session_state[DOOR_RESULTS] = [result, *door_results()][:20]


DEVICE = "session.device"


def device_id() -> str:
    """A random id for this browser session, for per-device rate limits (not a fingerprint)."""
    import secrets

    return st.session_state.setdefault(DEVICE, secrets.token_hex(8))


TRACE = "session.trace"
SECOND_RING = "session.second_ring"


def remember_trace(trace, second_ring=None) -> None:
    """The officer's current trace and F2 list (personal data: this browser session only)."""
    st.session_state[TRACE] = trace
    st.session_state[SECOND_RING] = second_ring


def trace():
    return st.session_state.get(TRACE)


def second_ring():
    return st.session_state.get(SECOND_RING)


CASE_PEOPLE = "session.case_people"


def remember_case_people(frame) -> None:
    """People found while registering a case (kept apart from the history look-up below it)."""
    st.session_state[CASE_PEOPLE] = frame


def case_people():
    return st.session_state.get(CASE_PEOPLE)
