"""Progress of the jobs that work through the check-ins one local day at a time (the hourly totals, the
venue-order rewrite): the last day each has finished and when, one row per job in `totals_state`, and the
day it takes up next.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import duckdb

from lib.platform.db import scalar
from lib.platform.times import to_local


def progress(cur: duckdb.DuckDBPyConnection, job: str) -> tuple[date | None, datetime | None]:
    """(last day finished, when it was recorded); (None, None) before the job's first run."""
    row = cur.execute("SELECT through_day, refreshed_at FROM totals_state WHERE name = ?", [job]).fetchone()
    return (row[0], row[1]) if row else (None, None)


def record(cur: duckdb.DuckDBPyConnection, job: str, through: date, now: datetime) -> None:
    """Record that the job has finished every day up to `through` (call inside the day's transaction)."""
    cur.execute("INSERT OR REPLACE INTO totals_state VALUES (?, ?, ?)", [job, through, now])


def next_day(cur: duckdb.DuckDBPyConnection, through: date | None) -> date | None:
    """The day after the last one finished; on a job's first run, the day of the oldest check-in (None when
    there are none)."""
    if through is not None:
        return through + timedelta(days=1)
    oldest = scalar(cur.execute("SELECT min(checked_in_at) FROM checkins"))
    return to_local(oldest).date() if oldest is not None else None
