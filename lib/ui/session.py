"""Everything kept in `st.session_state`, named only here: the signed-in user of this run, language, a
one-time notice for the sign-in page, and the hand-over of a sign-in to the session cookie.

Who is signed in is decided by the browser's cookie on every run (fragment reruns included), never by what
the Streamlit session remembers: a websocket that joins a signed-in session by its id (it shows in upload
URLs) brings no cookie and is signed out. The cookie holds a signed token of a server-side session record
(lib.access.sessions: idle timeout, revocation, a new record at every sign-in); it is set and cleared over
HTTP by lib.ui.session_routes, because a websocket cannot set an HttpOnly cookie.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

import streamlit as st

from lib.access import sessions
from lib.access.users import User
from lib.platform import i18n
from lib.platform.errors import AuthError, NotFoundError
from lib.ui import browser, resources

USER = "session.user"  # the user of the current run, re-read from the database through the cookie every run
LAST_SEEN = "session.last_seen"  # the tests' stand-in browser starts its session record at this time
LANGUAGE = "session.language"
NOTICE = "session.notice"
PENDING = "session.pending"  # the ticket of a sign-in the browser has not traded for its cookie yet
ENDING = "session.ending"  # set at sign-out: the browser is asked to clear the cookie
ENDED = "session.ended"  # the cookie already asked to be cleared (this connection keeps showing it until reload)
COOKIE = sessions.COOKIE_NAME


def language() -> str:
    """The chosen interface language: this session's choice, else the one this browser chose before (its
    language cookie, so F5 and a second tab keep it), else the settings' default (Vietnamese)."""
    if LANGUAGE not in st.session_state:
        remembered = _request_cookies().get(browser.LANGUAGE_COOKIE)
        st.session_state[LANGUAGE] = remembered if remembered in i18n.LANGUAGES else resources.settings().language
    return str(st.session_state[LANGUAGE])


def set_language(lang: str) -> None:
    if lang in i18n.LANGUAGES:
        st.session_state[LANGUAGE] = lang


def _request_cookies() -> Mapping[str, str]:
    """The cookies of the connection running this script (a websocket that joined by session id has its own)."""
    return st.context.cookies


def _cookie_token() -> str | None:
    return sessions.unseal(resources.settings().resolved_secret(), _request_cookies().get(COOKIE))


def sign_in(user: User) -> None:
    """Start a new session record for an authenticated user; `browser_tasks` then has the browser fetch its
    cookie and reload, so the signed-in page runs in a fresh Streamlit session."""
    with resources.cursor() as cur:
        st.session_state[PENDING] = sessions.open_session(cur, user)
    st.session_state.pop(USER, None)


def signing_in() -> bool:
    """A sign-in is waiting for the browser to fetch its cookie."""
    return PENDING in st.session_state


def sign_out(notice: str | None = None) -> None:
    """Revoke this browser's session record now, forget the user and have the browser drop the cookie."""
    token = _cookie_token()
    if token:
        with resources.cursor() as cur:
            sessions.end_session(cur, token)
    _signed_out(notice)


def _signed_out(notice: str | None) -> None:
    st.session_state.pop(USER, None)
    st.session_state.pop(PENDING, None)
    cookie = _request_cookies().get(COOKIE)
    if cookie and st.session_state.get(ENDED) != cookie:
        st.session_state[ENDED] = cookie
        st.session_state[ENDING] = secrets.token_hex(8)
    if notice:
        st.session_state[NOTICE] = notice


def browser_tasks() -> None:
    """Run once per page (from the router): hand a fresh sign-in to the browser, or clear an ended cookie."""
    if PENDING in st.session_state and not browser.claim_session(st.session_state[PENDING]):
        st.session_state.pop(PENDING, None)
        st.error(i18n.t("err.session_ticket", language()))
    if ENDING in st.session_state:
        browser.end_session(st.session_state.pop(ENDING))


def take_notice() -> str | None:
    """A message for the sign-in page (e.g. session expired), shown once."""
    return st.session_state.pop(NOTICE, None)


def current_user() -> User | None:
    """The signed-in user, read through the cookie and the database on every call, so a disabled account,
    a revoked session or the idle timeout takes effect at once (fragment reruns included)."""
    token = _cookie_token()
    if token is None:
        st.session_state.pop(USER, None)
        return None
    settings = resources.settings()
    try:
        with resources.cursor() as cur:
            user = sessions.user_for_token(cur, token, settings.idle_timeout_minutes)
    except AuthError as err:
        _signed_out(err.message(language()) if err.key == "signin.expired" else None)
        return None
    except NotFoundError:
        _signed_out(i18n.t("err.disabled", language()))
        return None
    st.session_state[USER] = user
    return user


def session_token() -> str | None:
    """This browser's session token (to keep it when the password changes and the others are ended)."""
    return _cookie_token()


FLASH = "session.flash"
CLEARED = "session.cleared"  # text widget key -> value it takes at the next show_flash (clear_after_save)


def flash(text: str) -> None:
    """A success message that survives one st.rerun (shown by `show_flash` on the next run)."""
    st.session_state[FLASH] = text


def clear_after_save(text_keys: tuple[str, ...], choice_keys: tuple[str, ...] = ()) -> None:
    """Empty a saved form on the next run, before its widgets are drawn (by `show_flash`): `clear_on_submit` also
    empties a refused form, and a widget's value cannot be set once it is drawn in this run."""
    from lib.ui import choices  # choices -> streamlit_texts -> session: imported when used

    st.session_state[CLEARED] = dict.fromkeys(text_keys, "")
    for key in choice_keys:
        choices.reset_next_run(key, None)


def show_flash() -> None:
    """The message in a slot drawn on every run, message or not: the elements below keep their place, so the
    run after the message does not reset them (the venues page's tabs jumped back); saved forms are emptied here."""
    st.session_state.update(st.session_state.pop(CLEARED, {}))
    slot = st.empty()
    if text := st.session_state.pop(FLASH, None):
        slot.success(text)
        st.toast(text)  # the slot is at the top: after a save further down the page it is off screen


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


FORGET_PHONE = "session.forget_phone"  # True until the phone reports its codes removed, then "done"


def forget_phone() -> None:
    """The visitor asked to remove the codes kept on this phone (and those of this visit)."""
    st.session_state[FORGET_PHONE] = True
    st.session_state.pop(DECLARED, None)


def forgetting_phone() -> bool:
    return st.session_state.get(FORGET_PHONE) is True


def phone_answered(codes: list | None) -> None:
    """The phone reported its kept codes: a removal asked for is done once it reports none."""
    if forgetting_phone() and codes == []:
        st.session_state[FORGET_PHONE] = "done"


def phone_forgotten() -> bool:
    return st.session_state.get(FORGET_PHONE) == "done"


def remember_household(household_id: int) -> None:
    st.session_state[HOUSEHOLD] = household_id


def household() -> int | None:
    return st.session_state.get(HOUSEHOLD)


IMPORT_PREVIEW = "session.import_preview"


def import_preview(key: tuple):
    """The venue-import preview of the file with this key (content hash, user, language), or None: a rerun
    of the page (any widget) must not check every row of the same file again."""
    kept = st.session_state.get(IMPORT_PREVIEW)
    return kept[1] if kept is not None and kept[0] == key else None


def remember_import_preview(key: tuple, preview: object) -> None:
    """Only the latest file's preview is kept, in this browser session (registrants' names and phones: never a
    cache shared between users)."""
    st.session_state[IMPORT_PREVIEW] = (key, preview)


def forget_import_preview() -> None:
    """After an import the registry has changed (the same rows are now duplicates): check again."""
    st.session_state.pop(IMPORT_PREVIEW, None)


LOOKUP = "session.lookup"


def remember_lookup(frame) -> None:
    """An officer's last search result (personal data: this browser session only, never a shared cache)."""
    st.session_state[LOOKUP] = frame


def lookup():
    return st.session_state.get(LOOKUP)


FRAME_SCANNER = "session.frame_scanner"


def frame_scanner(decoder: str):
    """This browser session's webcam frame scanner (its queue outlives reruns)."""
    from lib.ui.webcam import FrameScanner

    if FRAME_SCANNER not in st.session_state:
        st.session_state[FRAME_SCANNER] = FrameScanner(decoder)
    return st.session_state[FRAME_SCANNER]


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
