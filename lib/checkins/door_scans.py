"""The browser scanner's scan ids (table door_scans): which scans the server has received and what the door
said of each, so a scan sent again records nothing (lib.checkins.scans).

A scan the door path records (a check-in, a check-out, the same event again) has its row written by the scan
writer in the transaction of its visit (lib.checkins.writer): one encrypted commit for both, where the row's
own commit after the visit's had cost half again the door path's CPU. A scan that records no visit (a
refused code, a red person held for the guard, an unknown ID card, a scan too old) gets its row on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from lib.checkins.rules import ScanOutcome, ScanRequest

_INSERT = """
INSERT INTO door_scans (scan_id, venue_id, scanned_at, received_at, recorded_by, person_id, outcome, message_key, checkin_id)
SELECT unnest($ids), unnest($venues), unnest($scanned::TIMESTAMPTZ[]), unnest($received::TIMESTAMPTZ[]),
       unnest($users::INTEGER[]), unnest($people::BIGINT[]), unnest($outcomes), unnest($keys), unnest($visits::BIGINT[])
ON CONFLICT DO NOTHING
"""


@dataclass(frozen=True)
class Seen:
    """A scan of the browser scanner as the server received it: its id, when it was read, when received."""

    scan_id: str
    scanned_at: datetime
    received_at: datetime


@dataclass(frozen=True)
class Row:
    """One door_scans row: the scan, who sent it, where, whom it named and what the door said."""

    seen: Seen
    venue_id: str
    recorded_by: int
    person_id: int | None
    outcome: str
    message_key: str
    checkin_id: int | None


def of_visit(seen: Seen, request: ScanRequest, outcome: ScanOutcome) -> Row:
    """The row of a scan the door rules recorded (its message is the outcome's, as the door names it)."""
    user_id = request.user.user_id if request.user else 0
    return Row(seen, request.venue_id, user_id, request.person_id, str(outcome.kind), f"door.{outcome.kind}", outcome.checkin_id)


def write(cur: duckdb.DuckDBPyConnection, rows: list[Row]) -> None:
    """Insert the rows in one statement; an id already on file (another server of a fleet) is left as it is."""
    if not rows:
        return
    cur.execute(
        _INSERT,
        {
            "ids": [r.seen.scan_id for r in rows],
            "venues": [r.venue_id for r in rows],
            "scanned": [r.seen.scanned_at for r in rows],
            "received": [r.seen.received_at for r in rows],
            "users": [r.recorded_by for r in rows],
            "people": [r.person_id for r in rows],
            "outcomes": [r.outcome for r in rows],
            "keys": [r.message_key for r in rows],
            "visits": [r.checkin_id for r in rows],
        },
    )
