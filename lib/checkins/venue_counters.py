"""A venue's two door counters, "Đang có mặt" (people inside now) and "Lượt vào hôm nay" (arrivals today, Vietnam's
day), shared by every door of the venue that this server process answers.

Every answer of the door scanner's route carries them (lib/ui/scanner/route.py). Counting them is two statements
over the venue's check-ins, as much as a fifth of a scan's server CPU, and with a scan a second at each door
most of the counts said what the previous answer had said. So the counts are made at most once every
FRESH_SECONDS per venue, and every scan this process records through the door path (lib.checkins.writer) moves
the venue's counts at once: a check-in adds one to both, a check-out takes one from the people inside. The
guard's own scan, another door of the venue on this server, the guard's decision in the page all show in the
next answer; what this process does not record (another server of a fleet, "close the day", a stay that ran
past its end) shows within FRESH_SECONDS, against the 30 s at which an idle scanner asks anyway. A scan
this process commits while the venue is being counted may or may not be in that count: the venue is counted
again (kept as it was, the next answer would say one arrival too few for FRESH_SECONDS, and an idle scanner
would show it for 30 s).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime

import duckdb

from lib.access.scope import Scope
from lib.checkins import rules, visits
from lib.platform import db
from lib.platform.times import local_day_bounds, now_utc

FRESH_SECONDS = 5.0
MAX_VENUES = 20_000  # a bound on memory whatever happens; the whole table is dropped past it


@dataclass
class _Counts:
    counted_at: float  # time.monotonic() of the count
    day_start: datetime  # the local day the arrivals are of
    inside: int
    today: int


_counts: dict[tuple[int, str], _Counts] = {}  # (id of the root connection, venue id) -> its counts
_moves: dict[tuple[int, str], int] = {}  # how many scans this process has recorded at the venue (bounded as _counts)
_cleared = 0  # how many times the tables were dropped for their bound (a count across a drop is not trusted)
_lock = threading.Lock()
RECOUNTS = 3  # at a door busy enough to record a scan during every count, the last count is kept, not to be trusted


def counters(cur: duckdb.DuckDBPyConnection, venue_id: str, here: Scope) -> tuple[int, int]:
    """(people inside now, arrivals today) at the venue whose scope is `here` (the caller has checked the user
    may see it): counted again when the counts are older than FRESH_SECONDS or of another day."""
    key = (id(db.root_of(cur)), venue_id)
    start, end = local_day_bounds(now_utc())
    with _lock:
        kept = _counts.get(key)
        if kept is not None and kept.day_start == start and time.monotonic() - kept.counted_at < FRESH_SECONDS:
            return kept.inside, kept.today
    attempt = 1
    while True:
        with _lock:
            moves = (_cleared, _moves.get(key, 0))
        fresh = _Counts(time.monotonic(), start, visits.people_inside(cur, here), visits.count_checkins(cur, here, start, end))
        with _lock:
            settled = (_cleared, _moves.get(key, 0)) == moves
            if settled or attempt == RECOUNTS:
                if len(_counts) >= MAX_VENUES:
                    _drop()
                _counts[key] = fresh if settled else _Counts(float("-inf"), start, fresh.inside, fresh.today)
                break
        attempt += 1
    return fresh.inside, fresh.today


def recorded(root: duckdb.DuckDBPyConnection, venue_id: str, kind: str) -> None:
    """A scan this process has just committed at the venue: move its counts (when counted lately) by it."""
    if kind not in (rules.CHECKED_IN, rules.CHECKED_OUT):
        return  # the same event again, nobody to check out: nothing changed
    key = (id(root), venue_id)
    with _lock:
        if len(_moves) >= MAX_VENUES:
            _drop()
        _moves[key] = _moves.get(key, 0) + 1
        kept = _counts.get(key)
        if kept is None:
            return
        if kind == rules.CHECKED_IN:
            kept.inside += 1
            kept.today += 1
        else:
            kept.inside = max(0, kept.inside - 1)


def _drop() -> None:
    """Both tables dropped for their bound (under _lock)."""
    global _cleared
    _counts.clear()
    _moves.clear()
    _cleared += 1


def _forget(root: duckdb.DuckDBPyConnection) -> None:
    with _lock:
        for key in [k for k in _counts if k[0] == id(root)]:
            del _counts[key]
        for key in [k for k in _moves if k[0] == id(root)]:
            del _moves[key]


db.on_close(_forget)  # a database opened again later (tests, a restore) may get the same connection id
