"""What the door rules need to know about a person, kept where it is one indexed read: the `open_visits`
table (migration 015), one row per person, holding their open visit and the visit they left last.

Before it, every batch of scans found its people's open visits and latest visits by scanning the last 24 h of
`checkins` (a million rows at province size: 13 of the 22 ms a batch took). The row is written by the same
transaction as the check-in or check-out (lib.checkins.batch, closing), so it never disagrees with the
visits; anything that writes visits another way (the demo generator, test builders) calls `rebuild`.

"The visit they left last" serves the held-code rule (a scan just after a check-out at the same venue is the
same event): it is the person's latest check-out, so a check-out at A followed within the scan window by a
check-in and check-out at B no longer makes a third scan at A a repeat — a person who has been in and out of
another venue in between has moved on.

A batch reads its people's rows by key (no join: the default stays come with the batch's venues) and writes
back an UPDATE of the rows it read and an INSERT for the people it had no row for: INSERT OR REPLACE deletes
and re-inserts each row and its key in the index, a third dearer than updating the same rows in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from lib.checkins.visits import MAX_STAY_HOURS


@dataclass(frozen=True)
class DoorState:
    """A person's row: the open visit (checkin_id, venue, since) and the visit left last (checkin_id, venue,
    in, out, closed_by); either part may be None."""

    person_id: int
    open: tuple[int, str, datetime] | None
    left: tuple[int, str, datetime, datetime, str] | None


_LOAD = """
SELECT person_id, checkin_id, venue_id, checked_in_at, left_checkin_id, left_venue_id, left_in, left_out, left_how
FROM open_visits
WHERE person_id IN (SELECT unnest($people))
"""

# The batch's rows as parallel lists, one element per person, in the table's column order.
_ROWS = """
SELECT unnest($people) AS person_id, unnest($ids) AS checkin_id, unnest($venues::VARCHAR[]) AS venue_id,
       unnest($ins::TIMESTAMPTZ[]) AS checked_in_at, unnest($left_ids) AS left_checkin_id,
       unnest($left_venues::VARCHAR[]) AS left_venue_id, unnest($left_ins::TIMESTAMPTZ[]) AS left_in,
       unnest($left_outs::TIMESTAMPTZ[]) AS left_out, unnest($left_hows::VARCHAR[]) AS left_how
"""

_INSERT = f"INSERT INTO open_visits {_ROWS}"

_UPDATE = f"""
UPDATE open_visits o
SET checkin_id = u.checkin_id, venue_id = u.venue_id, checked_in_at = u.checked_in_at, left_checkin_id = u.left_checkin_id,
    left_venue_id = u.left_venue_id, left_in = u.left_in, left_out = u.left_out, left_how = u.left_how
FROM ({_ROWS}) u
WHERE o.person_id = u.person_id
"""

# Each person's latest open visit and latest check-out from the visits themselves, those that started after
# $since when given (migration 015 backfills the table the same way, over the last 25 h).
_REBUILD = """
WITH recent AS (
    SELECT * FROM checkins
    WHERE ($since::TIMESTAMPTZ IS NULL OR checked_in_at > $since) AND ($all OR person_id IN (SELECT unnest($people)))
),
opened AS (
    SELECT person_id, checkin_id, venue_id, checked_in_at FROM recent WHERE checked_out_at IS NULL
    QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY checked_in_at DESC, checkin_id DESC) = 1
),
closed AS (  -- the latest check-out; of two at the same instant, the later visit's (as the door writes it)
    SELECT person_id, checkin_id AS left_checkin_id, venue_id AS left_venue_id, checked_in_at AS left_in,
           checked_out_at AS left_out, closed_by AS left_how
    FROM recent WHERE checked_out_at IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY checked_out_at DESC, checked_in_at DESC, checkin_id DESC) = 1
)
INSERT OR REPLACE INTO open_visits
SELECT coalesce(o.person_id, c.person_id), o.checkin_id, o.venue_id, o.checked_in_at,
       c.left_checkin_id, c.left_venue_id, c.left_in, c.left_out, c.left_how
FROM opened o FULL JOIN closed c ON c.person_id = o.person_id
"""


def load(cur: duckdb.DuckDBPyConnection, people: list[int], since: datetime) -> list[DoorState]:
    """The rows of these people (someone without a row gets no state), each part kept only when its visit
    started after `since` (the 24 h cap: an older open visit is closed at query time whatever its row says)."""
    states = []
    for person, checkin_id, venue_id, started, left_id, left_venue, left_in, left_out, left_how in cur.execute(
        _LOAD, {"people": people}
    ).fetchall():
        opened = (checkin_id, venue_id, started) if checkin_id is not None and started > since else None
        left = (left_id, left_venue, left_in, left_out, left_how) if left_id is not None and left_in > since else None
        states.append(DoorState(person, opened, left))
    return states


def save(cur: duckdb.DuckDBPyConnection, states: list[DoorState], stored: set[int]) -> None:
    """Write these people's rows in the caller's transaction: an update for those in `stored` (the people
    `load` found a row for), an insert for the others."""
    updates = [s for s in states if s.person_id in stored]
    inserts = [s for s in states if s.person_id not in stored]
    if updates:
        cur.execute(_UPDATE, _columns(updates))
    if inserts:
        cur.execute(_INSERT, _columns(inserts))


def _columns(states: list[DoorState]) -> dict[str, list]:
    """The parameters of _ROWS for these rows."""
    opened = [s.open or (None, None, None) for s in states]
    left = [s.left or (None, None, None, None, None) for s in states]
    return {
        "people": [s.person_id for s in states],
        "ids": [o[0] for o in opened],
        "venues": [o[1] for o in opened],
        "ins": [o[2] for o in opened],
        "left_ids": [x[0] for x in left],
        "left_venues": [x[1] for x in left],
        "left_ins": [x[2] for x in left],
        "left_outs": [x[3] for x in left],
        "left_hows": [x[4] for x in left],
    }


# Visits closed by other means than a scan (closing the day): no longer open, and now the last one left.
_CLOSED = """
UPDATE open_visits o
SET checkin_id = NULL, venue_id = NULL, checked_in_at = NULL, left_checkin_id = u.id, left_venue_id = u.venue,
    left_in = u.in_at, left_out = u.out_at, left_how = u.how
FROM (
    SELECT unnest($ids) AS id, unnest($venues) AS venue, unnest($ins::TIMESTAMPTZ[]) AS in_at,
           unnest($outs::TIMESTAMPTZ[]) AS out_at, unnest($hows) AS how
) u
WHERE o.checkin_id = u.id
"""


def closed(cur: duckdb.DuckDBPyConnection, visits: list[tuple[int, str, datetime, datetime, str]]) -> None:
    """Record visits (checkin_id, venue, in, out, closed_by) closed outside the door, in the caller's transaction."""
    if visits:
        ids, venues, ins, outs, hows = (list(column) for column in zip(*visits, strict=True))
        cur.execute(_CLOSED, {"ids": ids, "venues": venues, "ins": ins, "outs": outs, "hows": hows})


def rebuild(cur: duckdb.DuckDBPyConnection, since: datetime | None = None, people: list[int] | None = None) -> None:
    """Rewrite the rows of these people (everyone when None) from their visits that started after `since`
    (all when None): for writers of visits that do not go through the door (the demo generator, test builders)."""
    if people is None:
        cur.execute("DELETE FROM open_visits")
    else:
        cur.execute("DELETE FROM open_visits WHERE person_id IN (SELECT unnest($people))", {"people": people})
    cur.execute(_REBUILD, {"since": since, "all": people is None, "people": people or []})


def forget_old(cur: duckdb.DuckDBPyConnection, now: datetime) -> int:
    """Delete the rows whose visits both started more than 25 h ago (the cap plus an hour for late scans): the
    door ignores them, and without this the table would hold everyone seen within the retention period rather
    than the last day's visitors. Run by the daily job; returns how many."""
    cutoff = now - timedelta(hours=MAX_STAY_HOURS + 1)
    return len(
        cur.execute(
            "DELETE FROM open_visits WHERE coalesce(checked_in_at, left_in) < $cutoff AND coalesce(left_in, checked_in_at) < $cutoff"
            " RETURNING person_id",
            {"cutoff": cutoff},
        ).fetchall()
    )
