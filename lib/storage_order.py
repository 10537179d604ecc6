"""Check-ins of each settled day rewritten in venue order, once, by the server's nightly job.

The door appends check-ins in time order, so one row group holds a few minutes of the whole city. Tracing
asks for one venue over a day or so; with each day's rows sorted by venue, that venue lies in a row group or
two and DuckDB's zone maps skip the rest (the demo generator writes its days this way). A day is settled once
its last visit is older than the 24 h cap: the door only updates visits younger than that, so rewriting it
never conflicts with a scan. Each day is one transaction; an interrupted run keeps the days it finished.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import duckdb

from lib import day_jobs
from lib.checkins import MAX_STAY_HOURS
from lib.db import transaction
from lib.times import day_start, now_utc, to_local

STATE = "checkins_sorted"   # lib.day_jobs name: through_day = last day rewritten in venue order


def last_settled_day(now: datetime) -> date:
    """The last local day whose every visit is older than the 24 h cap (plus an hour for late scans)."""
    return to_local(now - timedelta(hours=MAX_STAY_HOURS + 1)).date() - timedelta(days=1)


def sorted_through(cur: duckdb.DuckDBPyConnection) -> date | None:
    return day_jobs.progress(cur, STATE)[0]


def mark_sorted(cur: duckdb.DuckDBPyConnection, through: date, now: datetime) -> None:
    """Record that every day up to `through` is in venue order (the demo generator writes them so)."""
    day_jobs.record(cur, STATE, through, now)


def rewrite_day(cur: duckdb.DuckDBPyConnection, day: date) -> int:
    """Rewrite one local day's check-ins in (venue, time) order; returns how many rows. Same rows, same ids."""
    bounds = {"lo": day_start(day), "hi": day_start(day + timedelta(days=1))}
    cur.execute("CREATE OR REPLACE TEMP TABLE day_in_venue_order AS SELECT * FROM checkins"
                " WHERE checked_in_at >= $lo AND checked_in_at < $hi", bounds)   # sorted once, on the way back
    cur.execute("DELETE FROM checkins WHERE checked_in_at >= $lo AND checked_in_at < $hi", bounds)
    count = cur.execute("INSERT INTO checkins SELECT * FROM day_in_venue_order"
                        " ORDER BY venue_id, checked_in_at, checkin_id").fetchone()[0]
    cur.execute("DROP TABLE day_in_venue_order")
    return int(count)


def resort(cur: duckdb.DuckDBPyConnection, now: datetime | None = None,
           progress: Callable[[float], None] | None = None) -> int:
    """Rewrite every settled day not yet in venue order; returns the number of days rewritten."""
    now = now or now_utc()
    last = last_settled_day(now)
    first = day_jobs.next_day(cur, sorted_through(cur))
    if first is None or first > last:
        return 0
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    for n, day in enumerate(days):
        with transaction(cur):
            rewrite_day(cur, day)
            mark_sorted(cur, day, now)
        if progress:
            progress((n + 1) / len(days))
    return len(days)
