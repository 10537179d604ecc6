"""Self check-in from a venue poster on a phone: the same door rules as a staff scan (method 'self_scan'),
rate-limited per device and per phone, and flagged when implausible (the same person at many venues in a
short time, e.g. photographed posters)."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb

from lib.checkins import door
from lib.checkins import rules as rules
from lib.platform.db import one_row, scalar
from lib.platform.errors import ConflictError
from lib.platform.times import now_utc

WINDOW = timedelta(minutes=10)
MAX_PER_DEVICE = 12  # a household checking in together fits; a script does not
MAX_PER_PHONE = 12
BURST_VENUES = 3  # distinct venues within BURST_WINDOW that make a check-in implausible
BURST_WINDOW = timedelta(minutes=15)


def self_check_in(
    cur: duckdb.DuckDBPyConnection, venue_id: str, person_id: int, device: str, now: datetime | None = None
) -> door.DoorResult:
    """Record a self check-in; ConflictError when the device or the phone exceeded its limit."""
    now = now or now_utc()
    phone = cur.execute("SELECT owner_phone FROM people WHERE person_id = ?", [person_id]).fetchone()
    phone = phone[0] if phone else None
    by_device, by_phone = one_row(
        cur.execute(
            "SELECT count(*) FILTER (WHERE device = $d), count(*) FILTER (WHERE phone = $p) FROM self_checkin_log WHERE logged_at > $since",
            {"d": device, "p": phone, "since": now - WINDOW},
        )
    )
    if by_device >= MAX_PER_DEVICE or (phone and by_phone >= MAX_PER_PHONE):
        raise ConflictError("err.self_limited", minutes=int(WINDOW.total_seconds() // 60))
    result = door.record(cur, None, venue_id, person_id, rules.AUTO, "self_scan", now=now)
    if result.kind != door.REFUSED:
        cur.execute(
            "INSERT INTO self_checkin_log (device, phone, person_id, venue_id, logged_at) VALUES (?, ?, ?, ?, ?)",
            [device, phone, person_id, venue_id, now],
        )
    if result.kind == rules.CHECKED_IN:
        venues_seen = scalar(
            cur.execute(
                "SELECT count(DISTINCT venue_id) FROM self_checkin_log WHERE person_id = ? AND logged_at > ?",
                [person_id, now - BURST_WINDOW],
            )
        )
        if venues_seen >= BURST_VENUES:
            assert result.outcome is not None, "door.record returns the scan outcome with every check-in"
            cur.execute("UPDATE checkins SET flagged = TRUE WHERE checkin_id = ?", [result.outcome.checkin_id])
    return result
