"""The door station in browser mode (QRCHECKIN_SCANNER=browser): the scanner component and what the guard
sees of each scan, in one fragment that runs only when the component sends scans or the guard acts in it, so
an idle door costs the server next to nothing (no video; only the counters are re-read every few seconds, to
follow the other doors of the venue). Each batch goes through lib.checkins.scans, which records every scan id
once; the ids recorded go back to the component, which then drops them from its queue."""

from __future__ import annotations

import streamlit as st

from lib.access.users import User
from lib.checkins import door, scans
from lib.platform.config import Settings
from lib.platform.i18n import t
from lib.ui import door_widgets, guards, resources, session
from lib.ui.scanner import assets, component, state

KEY = "scan.browser"
COUNTERS_EVERY_SECONDS = 5  # the venue's other doors show here within this; a fragment run costs some 10-30 ms
TEXTS = ("start", "stop", "switch", "torch_on", "torch_off", "loading", "no_camera_api", "no_camera", "denied", "decode_error", "pending")


def _receive(user: User, settings: Settings) -> list[door.DoorResult]:
    """Record the batches the component sent since the last run; the door results of the new scans."""
    results = []
    for batch in state.take_scanner_batches():
        parsed, malformed = scans.parse_batch(batch)
        with resources.cursor() as cur:
            receipts = scans.receive(
                cur,
                user,
                settings.resolved_secret(),
                parsed,
                settings.scan_window_seconds,
                settings.scan_max_age_minutes,
                public_url=settings.public_url,
            )
        state.acknowledge_scans([r.scan_id for r in receipts] + malformed)
        for receipt in receipts:
            if receipt.result is not None:
                results.append(receipt.result)
                _show_over_preview(receipt.scan_id, receipt.result)
    return results


def _show_over_preview(scan_id: str, result: door.DoorResult) -> None:
    lang = session.language()
    refused = result.kind == door.REFUSED
    state.scanner_shown(
        {
            "scan_id": scan_id,
            "ok": not refused and result.risk_level != "red",
            "colour": door_widgets.BOX["refused" if refused else result.risk_level],
            "name": result.masked_name,
            "headline": door_widgets.headline(result, lang),
        }
    )


def _data(user: User, venue_id: str, mode: str, lang: str, window_seconds: int) -> dict:
    return {
        "venue": venue_id,
        "mode": mode,
        "window_ms": window_seconds * 1000,
        "queue_key": f"qrcheckin.scanner.queue.u{user.user_id}",  # another guard's queued scans are not sent as theirs
        "reader": assets.READER_MODULE,
        "wasm": assets.WASM_FOLDER,
        "texts": {name: t(f"scanner.{name}", lang) for name in TEXTS},
        "acks": state.scanner_acks(),
        "result": state.scanner_shown(),
    }


def live(venue_id: str, mode: str, lang: str) -> None:
    """The fragment's body. It reads the signed-in user again on every run (a fragment run skips the page's
    top): a disabled account or an ended session stops here, before anything is written."""
    user = guards.require_page("scan")
    if user is None:
        return
    settings = resources.settings()
    fresh = _receive(user, settings)
    for result in fresh:
        door_widgets.remember(result)
    left, right = st.columns([3, 2])
    with left:
        component.mount(KEY, _data(user, venue_id, mode, lang, settings.scan_window_seconds), lambda: state.keep_scanner_batch(KEY))
    with right:
        results = session.door_results()
        if results:
            door_widgets.show_result(results[0], lang, sound=False)  # the component beeps, in the browser
            door_widgets.follow_ups(user, venue_id, mode, results[0], lang, settings.scan_window_seconds)
        door_widgets.recent(lang)
        st.fragment(run_every=COUNTERS_EVERY_SECONDS)(_counters)(venue_id, lang)


def _counters(venue_id: str, lang: str) -> None:
    """Inside now and arrivals today, re-read every few seconds and with each scan (the scanner's fragment
    draws this one anew), for the user signed in now."""
    user = guards.require_page("scan")
    if user is not None:
        door_widgets.counters(user, venue_id, lang)


def door_station(venue_id: str, mode: str, lang: str) -> None:
    """Place the station where this is called."""
    st.fragment(live)(venue_id, mode, lang)
