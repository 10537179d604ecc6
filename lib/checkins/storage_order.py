"""Check-ins of each settled day rewritten in venue order, and copied in person order, once, by the server's
nightly job.

The door appends check-ins in time order, so one row group holds a few minutes of the whole city. Tracing
asks for one venue over a day or so; with each day's rows sorted by venue, that venue lies in a row group or
two and DuckDB's zone maps skip the rest (the demo generator writes its days this way). Tracing also asks for
every visit of one person over weeks, which no venue order can serve: the same day's rows are copied into
`visits_by_person` sorted by person, where one person lies in a row group per day. A day is settled once
its last visit is older than the 24 h cap: the door only updates visits younger than that, so rewriting and
copying it never conflicts with a scan, and the copy never goes stale. Each day is one transaction; an
interrupted run keeps the days it finished. Retention and erasure delete from both tables.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import duckdb

from lib.checkins.visits import MAX_STAY_HOURS
from lib.platform import day_jobs
from lib.platform.db import scalar, transaction
from lib.platform.threads import parallel_work
from lib.platform.times import day_start, now_utc, to_local

STATE = "checkins_sorted"  # lib.platform.day_jobs name: through_day = last day in venue order and copied by person
COPY_COLUMNS = "checkin_id, person_id, venue_id, checked_in_at, checked_out_at, closed_by"
NOTHING_COPIED = datetime(1970, 1, 1, tzinfo=UTC)


def last_settled_day(now: datetime) -> date:
    """The last local day whose every visit is older than the 24 h cap (plus an hour for late scans)."""
    return to_local(now - timedelta(hours=MAX_STAY_HOURS + 1)).date() - timedelta(days=1)


def sorted_through(cur: duckdb.DuckDBPyConnection) -> date | None:
    return day_jobs.progress(cur, STATE)[0]


def copied_until(cur: duckdb.DuckDBPyConnection) -> datetime:
    """Visits that started before this instant are in `visits_by_person`; later ones only in `checkins`."""
    through = sorted_through(cur)
    return day_start(through + timedelta(days=1)) if through is not None else NOTHING_COPIED


def mark_sorted(cur: duckdb.DuckDBPyConnection, through: date, now: datetime) -> None:
    """Record that every day up to `through` is in venue order and copied by person."""
    day_jobs.record(cur, STATE, through, now)


def _bounds(day: date) -> dict:
    return {"lo": day_start(day), "hi": day_start(day + timedelta(days=1))}


def _copy_day(cur: duckdb.DuckDBPyConnection, day: date, source: str = "checkins") -> None:
    """(Re)write one local day's visits into the person-ordered copy, read from `source` (the check-ins, or
    the rewrite's temporary table already holding that day)."""
    cur.execute("DELETE FROM visits_by_person WHERE checked_in_at >= $lo AND checked_in_at < $hi", _bounds(day))
    cur.execute(
        f"INSERT INTO visits_by_person SELECT {COPY_COLUMNS} FROM {source}"
        " WHERE checked_in_at >= $lo AND checked_in_at < $hi ORDER BY person_id, checked_in_at",
        _bounds(day),
    )


def _days_to_do(cur: duckdb.DuckDBPyConnection, last: date) -> list[date]:
    """The days after the last one done, up to `last` (from the oldest check-in on the first run)."""
    first = day_jobs.next_day(cur, sorted_through(cur))
    return [] if first is None else [first + timedelta(days=n) for n in range((last - first).days + 1)]


def copy_days(cur: duckdb.DuckDBPyConnection, through: date, now: datetime) -> None:
    """Copy every day up to `through` by person and record them done: for check-ins already written in
    venue order (the demo generator), one day at a time to keep each sort in memory."""
    for day in _days_to_do(cur, through):
        _copy_day(cur, day)
    mark_sorted(cur, through, now)


def rewrite_day(cur: duckdb.DuckDBPyConnection, day: date) -> int:
    """Rewrite one local day's check-ins in (venue, time) order and copy them by person; returns how many
    rows. Same rows, same ids."""
    bounds = _bounds(day)
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE day_in_venue_order AS SELECT * FROM checkins WHERE checked_in_at >= $lo AND checked_in_at < $hi",
        bounds,
    )  # sorted once, on the way back
    cur.execute("DELETE FROM checkins WHERE checked_in_at >= $lo AND checked_in_at < $hi", bounds)
    count = scalar(cur.execute("INSERT INTO checkins SELECT * FROM day_in_venue_order ORDER BY venue_id, checked_in_at, checkin_id"))
    _copy_day(cur, day, "day_in_venue_order")  # the day is at hand: not read back from the table
    cur.execute("DROP TABLE day_in_venue_order")
    return int(count)


@parallel_work
def resort(cur: duckdb.DuckDBPyConnection, now: datetime | None = None, progress: Callable[[float], object] | None = None) -> int:
    """Rewrite (and copy) every settled day not yet done; returns the number of days."""
    now = now or now_utc()
    days = _days_to_do(cur, last_settled_day(now))
    for n, day in enumerate(days):
        with transaction(cur):
            rewrite_day(cur, day)
            mark_sorted(cur, day, now)
        if progress:
            progress((n + 1) / len(days))
    return len(days)
