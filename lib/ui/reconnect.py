"""A browser tab whose connection came back: give it back what the person had typed.

Streamlit keeps a disconnected session on the server for a while, and a tab that reconnects resumes it (the same
session id, a new websocket; streamlit/streamlit#5856). When the cut interrupted a run, the browser should ask for
a new run on reconnect (streamlit/streamlit#9083), but under load it sometimes did not and kept the page cut short
where the lost run had got to; so the page script of lib.ui.browser asks for one after every reconnect. The new
run redraws the page, but a text or number box is drawn from the browser's own copy of its value unless the run
*sets* the value: after a run cut in the middle that copy was gone, and a half-filled declaration came back with
empty boxes although the session still held every answer. On the runs of the first seconds of a new connection
`restore_typed_values` writes the session's values back, which is how Streamlit sends a value to the browser (the
mechanism lib.ui.choices uses for a language switch). Not on its first run alone: that run may be stopped by the
next (the browser's rerun and the page script's arrive together) before it drew a box, and the value set for the
box is sent only with the box (the name came back empty in 1 of 8 runs under load when only the first run did).
So on every run until one has drawn the whole page (`restoring`), and never after: for the 10 s it once did, a
street typed just after the reconnect was set back to the session's empty value by a run of those seconds (the
declaration then failed "Không được để trống" under load).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from time import monotonic

import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

CONNECTION = "session.connection"  # (the websocket client this session last ran for, when a reconnect brought it)
RESTORE_SECONDS = 10.0  # the longest a reconnect's runs send the typed values again (until one run completes)
# values a text, number, date, time or choice box holds; buttons, check boxes (bool), uploads and editors are left
# alone: Streamlit refuses a value set for a button, and the others the browser keeps or resends itself
_TYPED = (str, int, float, date, datetime, time)


def _connection() -> int | None:
    """An identity of the websocket client the current run serves (a new one after every reconnect)."""
    ctx = get_script_run_ctx()
    if ctx is None or not Runtime.exists():
        return None
    manager = getattr(Runtime.instance(), "_session_mgr", None)  # Streamlit has no public API for it
    if manager is None:  # AppTest's stand-in runtime has no session manager (and no reconnects)
        return None
    info = manager.get_active_session_info(ctx.session_id)
    return id(info.client) if info is not None else None


def restore_typed_values() -> bool:
    """On the runs after this tab reconnected to its session (until one completes, RESTORE_SECONDS at most), set
    every typed widget value again so the browser shows it; returns whether it did. Call before any widget is
    drawn (`restoring` does). A session's first connection restores nothing: the browser drew every box from it."""
    now = _connection()
    seen = st.session_state.get(CONNECTION)
    before, since = seen if isinstance(seen, tuple) else (None, None)
    if now != before:
        since = monotonic() if before is not None and now is not None else None
        st.session_state[CONNECTION] = (now, since)
    if since is None or monotonic() - since > RESTORE_SECONDS:
        return False
    for key in list(st.session_state.keys()):
        value = st.session_state[key]
        if isinstance(key, str) and key != CONNECTION and type(value) is not bool and isinstance(value, _TYPED):
            try:
                st.session_state[key] = value
            except StreamlitAPIException:  # a widget whose value cannot be set (a button): left as it is
                continue
    return True


@contextmanager
def restoring() -> Iterator[bool]:
    """Around a whole run of the page: restore the typed values first (yields whether it did); a run that ends,
    by its last line or st.stop(), ends the restoring. A run stopped by the next one (Streamlit's rerun
    exception) leaves it to that next run."""
    restored = restore_typed_values()
    try:
        yield restored
    except StopException:
        _completed()
        raise
    _completed()


def _completed() -> None:
    seen = st.session_state.get(CONNECTION)
    if isinstance(seen, tuple) and seen[1] is not None:
        st.session_state[CONNECTION] = (seen[0], None)
