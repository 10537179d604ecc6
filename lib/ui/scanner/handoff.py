"""Door results that need the guard, handed from the scanner's HTTP route to the door page's Streamlit run.

The route records a scan and answers the component at once; only a result the guard must act on in the
page (a red person waiting for "cho vào" / "không cho vào", an unknown ID card to register, a new card
holder's code) makes the component ask the page to rerun, and that run takes the result from here. A
household owner's result is kept too: the relatives the guard ticks in the scanner are checked in by the
route only if they are that owner's (lib/ui/scanner/route.py).

Kept in this process for a few minutes (the route and the page's websocket of one browser reach the same
server: the fleet's proxy keeps a browser on one server), keyed by the signed-in user and the scan id, so a
page takes only its own user's results and each once.
"""

from __future__ import annotations

import threading
import time

from lib.checkins import door

KEEP_SECONDS = 600  # a guard who looks away for a while still finds the decision waiting
MAX_KEPT = 2_000  # a bound on memory whatever happens; the oldest go first

_kept: dict[tuple[int, str], tuple[float, door.DoorResult]] = {}
_lock = threading.Lock()


def needs_guard(result: door.DoorResult) -> bool:
    """Whether the page must show something for the guard to act on: a red person to decide for, an unknown
    ID card to register, a new card holder's code. (A household owner's relatives are ticked in the scanner
    itself, which sends them back to the route: kept here too, see `keep`.)"""
    return result.kind in (door.RED_HOLD, door.UNKNOWN_CARD) or bool(result.personal_code)


def keep(user_id: int, scan_id: str, result: door.DoorResult) -> None:
    """Keep a result for the page of `user_id` to take (and drop what has waited too long)."""
    now = time.monotonic()
    with _lock:
        for key in [k for k, (at, _) in _kept.items() if now - at > KEEP_SECONDS]:
            del _kept[key]
        while len(_kept) >= MAX_KEPT:
            del _kept[next(iter(_kept))]
        _kept[(user_id, scan_id)] = (now, result)


def take(user_id: int, scan_id: str) -> door.DoorResult | None:
    """The result kept for this user and scan id, once; None for another user's, an unknown or an expired one."""
    with _lock:
        kept = _kept.pop((user_id, scan_id), None)
    if kept is None or time.monotonic() - kept[0] > KEEP_SECONDS:
        return None
    return kept[1]
