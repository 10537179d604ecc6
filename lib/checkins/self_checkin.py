"""Self check-in from a venue poster on a phone: the same door rules as a staff scan (method 'self_scan'),
rate-limited per client address, per phone, per venue and globally (lib.access.rate_limits, counted in the
database so a new browser session does not reset them; the venue and global limits sized for the deployment by
the caller from its settings), and flagged when implausible (the same person at many venues in a
short time, e.g. photographed posters). A red person (open F0, F1 under follow-up, red declaration) is not
checked in: nobody is at the door to decide, so the attempt is recorded as turned away and the person is told
what to do; leaving is always recorded.

Everything a self check-in writes (its rate-limit counts, the visit, its log row and flag) is one unit of work of
lib.checkins.writer: phones checking in at the same moment share one transaction and one encrypted commit
instead of paying six commits each (issue 19: a province's morning peak is 80 a second)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from lib.access import rate_limits
from lib.access.rate_limits import Client
from lib.checkins import batch, door, door_status, writer
from lib.checkins import rules as rules
from lib.platform.db import scalar
from lib.platform.errors import AppError, ConflictError
from lib.platform.times import now_utc

MAX_PER_CLIENT = rate_limits.LIMITS["self_checkin"]["client"].count  # a household checking in together fits; a script does not
MAX_PER_PHONE = rate_limits.LIMITS["self_checkin"]["phone"].count
BURST_VENUES = 3  # distinct venues within BURST_WINDOW that make a check-in implausible
BURST_WINDOW = timedelta(minutes=15)
WINDOW_SECONDS = 120  # the scan window of door.record, which self check-ins use


def self_check_in(
    cur: duckdb.DuckDBPyConnection,
    venue_id: str,
    person_id: int,
    client: Client,
    secret: str,
    now: datetime | None = None,
    limits: Mapping[str, int] | None = None,
) -> door.DoorResult:
    """Record a self check-in; ConflictError when the client, the household's phone, the venue or everybody
    together is over the limit (`limits`: the deployment's sizes, Settings.self_checkin_limits). The log keeps
    the client's keyed hash, never its address or the phone. Runs in the writer's group commit; returns once
    it is on disk."""
    now = now or now_utc()
    # what is only read is read here, on the caller's thread (DuckDB reads in parallel); the writer's one
    # thread does only the writes, so its batch stays short
    phone = cur.execute("SELECT owner_phone FROM people WHERE person_id = ?", [person_id]).fetchone()
    before = _Read(phone[0] if phone else None, door_status.status_of(cur, person_id), _other_venues(cur, venue_id, person_id, now))
    return writer.run(cur, lambda writer_cur: _write(writer_cur, venue_id, person_id, client, secret, now, limits, before))


@dataclass(frozen=True)
class _Read:
    """What a self check-in reads before it writes: the household's phone (counted), the person's status (the
    red check and the door's result), the other venues of their self check-ins within BURST_WINDOW."""

    phone: str | None
    status: door_status.Status
    other_venues: int


def _other_venues(cur: duckdb.DuckDBPyConnection, venue_id: str, person_id: int, now: datetime) -> int:
    sql = "SELECT count(DISTINCT venue_id) FROM self_checkin_log WHERE person_id = ? AND logged_at > ? AND venue_id <> ?"
    return int(scalar(cur.execute(sql, [person_id, now - BURST_WINDOW, venue_id])))


def _write(
    cur: duckdb.DuckDBPyConnection,
    venue_id: str,
    person_id: int,
    client: Client,
    secret: str,
    now: datetime,
    limits: Mapping[str, int] | None,
    before: _Read,
) -> door.DoorResult:
    """The writes of self_check_in, on the writer's cursor inside its batch transaction: the counts commit with
    the visit and its log row (a refused count too: the writer keeps what a work wrote before its AppError)."""
    tally = writer.per_batch("self_checkin.tally", lambda: rate_limits.Tally(cur), rate_limits.Tally.flush)
    try:
        rate_limits.allow(
            cur, secret, "self_checkin", client=client, phone=before.phone, now=now, venue=venue_id, sized=limits, tally=tally
        )
    except rate_limits.LimitReached as err:
        # the person's own device or phone: wait; the venue or everybody at once: a busy moment, try again soon
        key = "err.self_limited" if err.kind in ("client", "phone") else "err.self_busy"
        window = rate_limits.LIMITS["self_checkin"][err.kind].window
        raise ConflictError(key, minutes=int(window.total_seconds() // 60)) from None
    refusal = _refuse_if_red(cur, venue_id, person_id, now, before.status)
    if refusal is not None:
        return refusal
    result = door.record(cur, None, venue_id, person_id, rules.AUTO, "self_scan", now=now, with_relatives=False, status=before.status)
    if result.kind != door.REFUSED:
        cur.execute(
            "INSERT INTO self_checkin_log (device, phone, person_id, venue_id, logged_at) VALUES (?, NULL, ?, ?, ?)",
            [client.key, person_id, venue_id, now],
        )
    if result.kind == rules.CHECKED_IN and before.other_venues + 1 >= BURST_VENUES:  # + this venue, just logged
        assert result.outcome is not None, "door.record returns the scan outcome with every check-in"
        # the check-in time lets zone maps skip every row group but the visit's (checkin_id has no index)
        cur.execute(
            "UPDATE checkins SET flagged = TRUE WHERE checkin_id = ? AND checked_in_at = ?",
            [result.outcome.checkin_id, result.outcome.checked_in_at],
        )
    return result


def _refuse_if_red(
    cur: duckdb.DuckDBPyConnection, venue_id: str, person_id: int, now: datetime, status: door_status.Status
) -> door.DoorResult | None:
    """SELF_REFUSED for a red person whose scan would check them in, None otherwise: no visit, one refusal per
    scan window in door_decisions (recorded_by NULL: the system, not a guard); the person sees their own advice
    (status.do_*), not the guard's instruction."""
    if status.risk_level != door.RED:
        return None
    request = rules.ScanRequest(None, venue_id, person_id, rules.ScanMode.AUTO, "self_scan", WINDOW_SECONDS, now)
    try:
        if batch.preview_scan(cur, request) != rules.CHECKED_IN:
            return None
    except AppError:
        return None  # the venue refuses check-ins now: door.record says why
    refused_at = door.recent_refusal(cur, person_id, venue_id, now - timedelta(seconds=WINDOW_SECONDS))
    if refused_at is None:
        cur.execute(
            "INSERT INTO door_decisions (person_id, venue_id, decided_at, decision, instruction, checkin_id, recorded_by)"
            " VALUES (?, ?, ?, ?, ?, NULL, NULL)",
            [person_id, venue_id, now, door.REFUSE, status.cause or door_status.DECLARATION],
        )
        refused_at = now
    outcome = rules.ScanOutcome(door.TURNED_AWAY, None, refused_at)
    return door.DoorResult(
        door.SELF_REFUSED,
        f"door.{door.SELF_REFUSED}",
        person_id,
        status.masked_name,
        status.risk_level,
        status.reasons,
        outcome,
        instruction=status.resident_advice,
    )
