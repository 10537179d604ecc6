"""Recording entries and exits at the door, with the rules of the directive's era:

- the same person scanned again at the same venue within a short window (default 2 minutes) is the same
  event ("already checked in at 08:14"), not a new visit;
- in automatic mode a later scan at the same venue checks the person out;
- checking in elsewhere closes the person's open visit (closed_by 'checkin_elsewhere');
- a visit left open longer than its venue's default stay (capped at 24 h) is closed at that time
  (closed_by 'default_stay') when the person is next seen;
- "close the day" checks everyone still inside out at closing time (closed_by 'close_day').
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from lib import audit
from lib.auth_types import User
from lib.checkins import MAX_STAY_HOURS
from lib.db import transaction
from lib.errors import ConflictError
from lib.scope import CITY, Scope, scope_for
from lib.times import format_datetime, now_utc
from lib.venue_codes import checkin_refusal
from lib.venues import get_venue

AUTO, ENTRY, EXIT = "auto", "in", "out"
CHECKED_IN, ALREADY_IN, CHECKED_OUT, ALREADY_OUT, NOT_INSIDE = (
    "checked_in", "already_in", "checked_out", "already_out", "not_inside")


@dataclass(frozen=True)
class ScanOutcome:
    kind: str
    checkin_id: int | None
    checked_in_at: datetime | None
    stayed_minutes: int | None = None


def _close_stale(cur: duckdb.DuckDBPyConnection, person_id: int, now: datetime) -> None:
    """Open visits whose default stay (max 24 h) has passed end at that moment."""
    cur.execute(
        "UPDATE checkins c SET checked_out_at = c.checked_in_at + to_minutes(least(v.default_stay_minutes, $cap)),"
        " closed_by = 'default_stay' FROM venues v WHERE v.venue_id = c.venue_id AND c.person_id = $person"
        " AND c.checked_out_at IS NULL AND c.checked_in_at + to_minutes(least(v.default_stay_minutes, $cap)) <= $now"
        # older visits are past the 24 h cap anyway (closed at query time); the bound lets zone maps skip old data
        " AND c.checked_in_at > $earliest",
        {"person": person_id, "now": now, "cap": MAX_STAY_HOURS * 60, "earliest": now - timedelta(hours=MAX_STAY_HOURS)},
    )


def _open_visit(cur: duckdb.DuckDBPyConnection, person_id: int, now: datetime) -> tuple | None:
    return cur.execute(
        "SELECT checkin_id, venue_id, checked_in_at FROM checkins WHERE person_id = ? AND checked_out_at IS NULL"
        " AND checked_in_at > ? ORDER BY checked_in_at DESC LIMIT 1",
        [person_id, now - timedelta(hours=MAX_STAY_HOURS)]).fetchone()


def _check_out(cur: duckdb.DuckDBPyConnection, checkin_id: int, at: datetime, how: str) -> None:
    cur.execute("UPDATE checkins SET checked_out_at = ?, closed_by = ? WHERE checkin_id = ? AND checked_out_at IS NULL",
                [at, how, checkin_id])


def record_scan(cur: duckdb.DuckDBPyConnection, user: User | None, venue_id: str, person_id: int, mode: str = AUTO,
                method: str = "staff_scan", window_seconds: int = 120, now: datetime | None = None) -> ScanOutcome:
    """Apply the door rules to one scan, in one transaction (one commit per scan, and two doors scanning the
    same person cannot interleave); raises NotFoundError (venue outside the user's scope) or ConflictError
    (venue not accepting check-ins now, with the reason)."""
    with transaction(cur):
        return _record_scan(cur, user, venue_id, person_id, mode, method, window_seconds, now)


def _record_scan(cur: duckdb.DuckDBPyConnection, user: User | None, venue_id: str, person_id: int, mode: str,
                 method: str, window_seconds: int, now: datetime | None) -> ScanOutcome:
    now = now or now_utc()
    # staff only at their venues; a self check-in (no user) at any venue of the city
    venue = get_venue(cur, scope_for(user) if user else Scope(CITY), venue_id)
    refusal = checkin_refusal(venue, int(venue["code_version"]), now)
    if refusal and mode != EXIT:
        raise ConflictError(refusal, starts=format_datetime(venue["starts_at"]), ends=format_datetime(venue["ends_at"]))
    window = timedelta(seconds=window_seconds)
    _close_stale(cur, person_id, now)
    open_visit = _open_visit(cur, person_id, now)
    if open_visit and open_visit[1] == venue_id:
        checkin_id, _, since = open_visit
        if now - since <= window or mode == ENTRY:
            return ScanOutcome(ALREADY_IN, checkin_id, since)
        _check_out(cur, checkin_id, now, "scan")
        return ScanOutcome(CHECKED_OUT, checkin_id, since, int((now - since).total_seconds() // 60))
    if mode == EXIT:
        last = cur.execute("SELECT checkin_id, checked_in_at, checked_out_at FROM checkins WHERE person_id = ?"
                           " AND venue_id = ? AND checked_in_at > ? ORDER BY checked_in_at DESC LIMIT 1",
                           [person_id, venue_id, now - timedelta(hours=MAX_STAY_HOURS)]).fetchone()
        if last and last[2] is not None and now - last[2] <= window:
            return ScanOutcome(ALREADY_OUT, last[0], last[1], int((last[2] - last[1]).total_seconds() // 60))
        return ScanOutcome(NOT_INSIDE, None, None)
    if open_visit:
        _check_out(cur, open_visit[0], now, "checkin_elsewhere")
    checkin_id = int(cur.execute(
        "INSERT INTO checkins (checkin_id, person_id, venue_id, checked_in_at, method, recorded_by)"
        " VALUES (nextval('checkins_seq'), ?, ?, ?, ?, ?) RETURNING checkin_id",
        [person_id, venue_id, now, method, user.user_id if user else None]).fetchone()[0])
    return ScanOutcome(CHECKED_IN, checkin_id, now)


def close_day(cur: duckdb.DuckDBPyConnection, user: User, venue_id: str, at: datetime | None = None) -> int:
    """Check out everyone still inside the venue at closing time; returns how many."""
    get_venue(cur, scope_for(user), venue_id)
    at = at or now_utc()
    closed = cur.execute(
        "UPDATE checkins SET checked_out_at = greatest(checked_in_at, $at), closed_by = 'close_day'"
        " WHERE venue_id = $venue AND checked_out_at IS NULL AND checked_in_at <= $at RETURNING checkin_id",
        {"venue": venue_id, "at": at}).fetchall()
    audit.record(cur, user, "close_day", target=venue_id, row_count=len(closed))
    return len(closed)
