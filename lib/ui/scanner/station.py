"""The door station in browser mode (QRCHECKIN_SCANNER=browser): the scanner component, which sends its scans
to the scanner's own HTTP route (lib/ui/scanner/route.py) and draws each answer itself (big result, beep,
counters, recent scans), and beside it what the guard must act on. Streamlit runs this fragment only when the
guard acts in it or the component hands it a result that needs the guard (a red person, relatives to tick,
an unknown ID card): an idle door and a routine scan cost the server no Streamlit run at all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from lib.access.users import User
from lib.checkins import door
from lib.platform.i18n import t
from lib.ui import door_follow_ups, door_memory, door_widgets, guards, resources, session
from lib.ui.scanner import assets, component, handoff, route, state

KEY = "scan.browser"
TEXTS = (
    "start",
    "stop",
    "switch",
    "torch_on",
    "torch_off",
    "loading",
    "no_camera_api",
    "no_camera",
    "denied",
    "decode_error",
    "pending",
    "signed_out",
    "refused",
    "limited",
    "follow_up",
)
PAGE_TEXTS = {
    "inside": "scan.inside",
    "today": "scan.today",
    "last": "scan.last",
    "relatives": "scan.relatives",
    "relatives_go": "scan.relatives_go",
}


def _data(user: User, venue_id: str, mode: str, lang: str) -> dict:
    settings = resources.settings()
    token = session.session_token() or ""
    return {
        "venue": venue_id,
        "mode": mode,
        "lang": lang,
        "window_ms": settings.scan_window_seconds * 1000,
        "queue_key": f"qrcheckin.scanner.queue.u{user.user_id}",  # another guard's queued scans are not sent as theirs
        "endpoint": route.PATH,
        "csrf": route.page_token(settings.resolved_secret(), token),
        "counters_ms": route.COUNTERS_EVERY_SECONDS * 1000,
        "reader": assets.READER_MODULE,
        "wasm": assets.WASM_FOLDER,
        "texts": {name: t(f"scanner.{name}", lang) for name in TEXTS} | {name: t(key, lang) for name, key in PAGE_TEXTS.items()},
        "answered": answered(lang),
        "counters": route.page_counters(user, venue_id),
    }


def answered(lang: str) -> dict[str, dict]:
    """What became of the scans the guard acted on in the page, by scan id, as the scanner draws a result: the
    newest result of each (turned away, let in, registered) or a prompt the guard skipped. Without it the
    scanner's big result still said "ĐỎ — chờ quyết định" after the guard had turned the person away."""
    newest: dict[str, door.DoorResult] = {}
    for result in door_memory.results():  # newest first
        if result.scan_id:
            newest.setdefault(result.scan_id, result)
    return {
        scan_id: route.shown(scan_id, result, lang) | {"replay": True, "follow_up": door.waits_for_guard(result)}
        for scan_id, result in newest.items()
        if result.settled or result.kind not in (door.RED_HOLD, door.UNKNOWN_CARD)
    }


def live(venue_id: str, mode: str, lang: str, handle_code: Callable[[str, User], None]) -> None:
    """The fragment's body. It reads the signed-in user again on every run (a fragment run skips the page's
    top): a disabled account or an ended session stops here, before anything is taken or written."""
    user = guards.require_page("scan")
    if user is None:
        return
    for scan_id in state.take_follow_ups():
        result = handoff.take(user.user_id, scan_id)
        if result is not None:
            door_widgets.remember(replace(result, scan_id=scan_id))
    left, right = st.columns([3, 2])
    with right:  # first: a manual entry or the guard's action is written before the scanner is handed the counters
        door_widgets.manual_entry(lang, lambda code: handle_code(code, user))  # its result just below it
        # what needs the guard, and manual entries (the scanner shows the rest); the component beeps, in the browser
        door_follow_ups.for_guard(user, venue_id, mode, lang, sound=False)
    with left:
        component.mount(KEY, _data(user, venue_id, mode, lang), lambda: state.keep_follow_up(KEY))


def door_station(venue_id: str, mode: str, lang: str, handle_code: Callable[[str, User], None]) -> None:
    """Place the station where this is called; `handle_code` records a typed code for the signed-in user."""
    st.fragment(live)(venue_id, mode, lang, handle_code)
