"""The `door_scans` rows of the browser scanner (lib.checkins.scans): one per scan id, with what the door said.

A scan the door path records goes to the writer (lib.checkins.writer) with its `ScanLog`, and its row is
written by the same batch transaction as the visit: a row written after, in a transaction of its own, cost a
second encrypted commit per scan, a sixth of the scanner route's CPU (issue 18). A scan refused before it
reaches the writer (a bad code, a red person held for the guard, an unknown card, too old) has its row written
by `write` on the route's own cursor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from lib.checkins.rules import ScanLog, ScanOutcome, ScanRequest
from lib.platform.errors import AppError

REFUSED = "refused"  # the outcome of a refused scan (lib.checkins.door.REFUSED)


@dataclass(frozen=True)
class ScanRow:
    """One `door_scans` row."""

    log: ScanLog
    venue_id: str
    scanned_at: datetime
    recorded_by: int
    person_id: int | None
    outcome: str  # the door's result: an Outcome or a DoorVerdict (REFUSED among them)
    message_key: str
    checkin_id: int | None


def write_recorded(cur: duckdb.DuckDBPyConnection, scans: list[tuple[ScanRequest, datetime, ScanOutcome | AppError]]) -> None:
    """The rows of the browser scans among a batch's (request, moment, outcome), in the batch's transaction."""
    write(cur, [_row_of(request, now, result) for request, now, result in scans if request.log is not None])


def _row_of(request: ScanRequest, now: datetime, result: ScanOutcome | AppError) -> ScanRow:
    """The row of a browser scan the writer recorded (or refused) at `now`: what the door said, as
    lib.checkins.door words it."""
    assert request.log is not None and request.user is not None, "only a staff member's browser scan is logged"
    who = (request.log, request.venue_id, now, request.user.user_id, request.person_id)
    if isinstance(result, AppError):
        return ScanRow(*who, REFUSED, result.key, None)
    return ScanRow(*who, str(result.kind), f"door.{result.kind}", result.checkin_id)


# Every row of a batch in one statement. No ON CONFLICT clause: it tripled the statement's cost (0.7 -> 2.0 ms
# CPU), and a second row of one id cannot come: lib.checkins.scans looks the id up first and keeps it in flight
# while the door path runs (one process writes a DuckDB file); a fleet on PostgreSQL would need the clause back.
_INSERT = """
INSERT INTO door_scans (scan_id, venue_id, scanned_at, received_at, recorded_by, person_id, outcome, message_key, checkin_id)
SELECT unnest($ids), unnest($venues), unnest($scanned::TIMESTAMPTZ[]), unnest($received::TIMESTAMPTZ[]), unnest($users),
       unnest($people::BIGINT[]), unnest($outcomes), unnest($keys), unnest($checkins::BIGINT[])
"""


def write(cur: duckdb.DuckDBPyConnection, rows: list[ScanRow]) -> None:
    """Write these rows in the caller's transaction (or its own when none is open)."""
    if not rows:
        return
    cur.execute(
        _INSERT,
        {
            "ids": [r.log.scan_id for r in rows],
            "venues": [r.venue_id for r in rows],
            "scanned": [r.scanned_at for r in rows],
            "received": [r.log.received_at for r in rows],
            "users": [r.recorded_by for r in rows],
            "people": [r.person_id for r in rows],
            "outcomes": [r.outcome for r in rows],
            "keys": [r.message_key for r in rows],
            "checkins": [r.checkin_id for r in rows],
        },
    )
