"""Non-personal totals per venue and local hour: visits started and the estimated most people present.

The analytics pages read these few million rows instead of tens of millions of check-ins. Each past day is
counted once, by the first refresh after it ends; today's partial totals are re-counted when older than a few
minutes, so a page never waits on a scan of the raw check-ins. No person
appears here, so the totals outlive the retention purge of the check-ins they came from.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta

import duckdb

from lib.checkins.visits import EFFECTIVE_OUT, MAX_STAY_HOURS
from lib.platform import day_jobs
from lib.platform.db import root_of, transaction
from lib.platform.threads import parallel_work
from lib.platform.times import UTC_OFFSET_SECONDS, day_start, now_utc, to_local

STATE = "venue_hour_totals"
QUARTER_SECONDS = 900  # people present are counted at :00, :15, :30 and :45
TODAY_MAX_AGE = timedelta(minutes=5)
_locks: dict[int, threading.RLock] = {}
_locks_guard = threading.Lock()

# Visits started in [$lo, $hi) counted per (venue, local hour), and the people present at each quarter hour
# in [$lo, $hi) (visits up to 24 h earlier included), maximum per hour; joined on (venue, hour).
_ROWS = f"""
WITH vis AS (
    SELECT c.venue_id, epoch(c.checked_in_at) AS s_in, epoch({EFFECTIVE_OUT}) AS s_out
    FROM checkins c JOIN venues v ON v.venue_id = c.venue_id
    WHERE c.checked_in_at >= $lo - INTERVAL {MAX_STAY_HOURS} HOUR AND c.checked_in_at < $hi),
started AS (
    SELECT venue_id, CAST(floor((s_in + {UTC_OFFSET_SECONDS}) / 3600) AS BIGINT) AS lh, count(*) AS checkins
    FROM vis WHERE s_in >= epoch($lo) GROUP BY ALL),
moments AS (
    SELECT venue_id, unnest(range(CAST(ceil(s_in / {QUARTER_SECONDS}) AS BIGINT),
                                  CAST(ceil(s_out / {QUARTER_SECONDS}) AS BIGINT))) AS q
    FROM vis WHERE s_out > epoch($lo)),
present AS (
    SELECT venue_id, (q * {QUARTER_SECONDS} + {UTC_OFFSET_SECONDS}) // 3600 AS lh, max(n) AS peak
    FROM (SELECT venue_id, q, count(*) AS n FROM moments GROUP BY ALL)
    WHERE q * {QUARTER_SECONDS} >= epoch($lo) AND q * {QUARTER_SECONDS} < epoch($hi) GROUP BY ALL)
SELECT venue_id, v.scheme, v.ward_code, v.category, v.capacity,
       DATE '1970-01-01' + CAST(lh // 24 AS INTEGER) AS day, CAST(lh % 24 AS TINYINT) AS hour,
       CAST(coalesce(s.checkins, 0) AS INTEGER) AS checkins, CAST(coalesce(p.peak, 0) AS INTEGER) AS peak_present
FROM started s FULL OUTER JOIN present p USING (venue_id, lh) JOIN venues v USING (venue_id)
"""


def _lock_for(cur: duckdb.DuckDBPyConnection) -> threading.RLock:
    """One refresh at a time per database, so two sessions never count the same day twice."""
    key = id(root_of(cur))
    with _locks_guard:
        return _locks.setdefault(key, threading.RLock())


def _state(cur: duckdb.DuckDBPyConnection) -> tuple[date | None, datetime | None]:
    return day_jobs.progress(cur, STATE)


def _recount(cur: duckdb.DuckDBPyConnection, lo: datetime, hi: datetime) -> None:
    """Replace the totals of the local day starting at `lo` with a fresh count up to `hi`."""
    cur.execute("DELETE FROM venue_hour_totals WHERE day = ?", [to_local(lo).date()])
    cur.execute(f"INSERT INTO venue_hour_totals BY NAME {_ROWS}", {"lo": lo, "hi": hi})


def _first_day(cur: duckdb.DuckDBPyConnection, through: date | None, today: date) -> date:
    """Count from the first day that is not final yet (from the oldest check-in on a new database); at least
    today. A day is made final by the first refresh after it ends, so late check-outs of its visits count."""
    return min(day_jobs.next_day(cur, through) or today, today)


@parallel_work
def refresh(cur: duckdb.DuckDBPyConnection, now: datetime | None = None, progress: Callable[[float], object] | None = None) -> int:
    """Make every past day final and re-count today so far; returns the number of days counted.
    Each day is its own transaction, so an interrupted refresh keeps what it finished."""
    now = now or now_utc()
    today = to_local(now).date()
    with _lock_for(cur):
        through, _ = _state(cur)
        first = _first_day(cur, through, today)
        days = [first + timedelta(days=n) for n in range((today - first).days + 1)]
        for n, day in enumerate(days):
            lo = day_start(day)
            with transaction(cur):
                _recount(cur, lo, min(lo + timedelta(days=1), now))
                final = day if day < today else today - timedelta(days=1)
                day_jobs.record(cur, STATE, final, now)
            if progress:
                progress((n + 1) / len(days))
        return len(days)


def _stale(cur: duckdb.DuckDBPyConnection, now: datetime, max_age: timedelta) -> bool:
    through, refreshed = _state(cur)
    return through is None or refreshed is None or through < to_local(now).date() - timedelta(days=1) or now - refreshed > max_age


def as_of(cur: duckdb.DuckDBPyConnection) -> datetime | None:
    """When the totals were last counted (None before the first count). Pages show this and never wait for a
    count themselves: the maintenance thread keeps the totals fresh (lib.maintenance)."""
    return _state(cur)[1]


def ensure_fresh(cur: duckdb.DuckDBPyConnection, now: datetime | None = None, max_age: timedelta = TODAY_MAX_AGE) -> datetime:
    """Refresh when today's totals are older than `max_age` (or a past day is not final yet); returns the
    moment the totals were counted, which pages show as "as of". Sessions arriving together refresh once."""
    now = now or now_utc()
    if _stale(cur, now, max_age):
        with _lock_for(cur):
            if _stale(cur, now, max_age):
                refresh(cur, now)
    refreshed = _state(cur)[1]
    assert refreshed is not None, "a refresh always counts today, so the state is recorded once it has run"
    return refreshed
