"""The door's recent results for one signed-in browser, kept in this server process under its session record
(the cookie's token, hashed), not in Streamlit's session state: F5 or a second tab at the door starts a new
Streamlit session, and with it the guard lost what still waited for them (a man to register from his ID card,
the personal code he was to be handed, a family's relatives to tick). The record survives a reload; so do these.

Memory only, never written anywhere: the results hold names and ID card fields. They go with the process (a
restart forgets them, as it ends the door's camera), after the idle timeout, and when more browsers than
MAX_BROWSERS are kept (the longest unused first). A run without a signed-in cookie keeps them in its session.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict

import streamlit as st

from lib.ui import resources, session

KEEP = 20  # results per browser, newest first
MAX_BROWSERS = 5_000
UNSIGNED = "door_memory.results"  # the session-state list of a run without a session cookie

_lock = threading.Lock()
_kept: OrderedDict[str, tuple[float, list]] = OrderedDict()  # hashed token -> (last used, results)


def _browser_key() -> str | None:
    token = session.session_token()
    return hashlib.sha256(token.encode()).hexdigest() if token else None


def _forget_unused(now: float, idle_seconds: float) -> None:
    """Drop the browsers unused for longer than the idle timeout (their session has ended) and the oldest
    beyond MAX_BROWSERS. The lock is held."""
    while _kept and (len(_kept) > MAX_BROWSERS or now - next(iter(_kept.values()))[0] > idle_seconds):
        _kept.popitem(last=False)


def results() -> list:
    """The last results at this browser's door, newest first. The list itself is shared by the browser's tabs
    and reruns, so a result settled or replaced in it stays so."""
    key = _browser_key()
    if key is None:
        return st.session_state.setdefault(UNSIGNED, [])
    now = time.monotonic()
    with _lock:
        _, kept = _kept.pop(key, (now, []))
        _kept[key] = (now, kept)  # last: the most recently used
        _forget_unused(now, resources.settings().idle_timeout_minutes * 60)
        return kept


def add(result) -> None:
    """Put a result first (the oldest beyond KEEP goes)."""
    kept = results()
    with _lock:
        kept.insert(0, result)
        del kept[KEEP:]
