"""Reading visits within a scope: a visit is one row of `checkins`; an open visit (no check-out) is closed
at query time by its venue's default stay, capped at 24 hours (EFFECTIVE_OUT). Recording them is
lib.checkins.rules (the door rules), batch (applying them), closing, writer (the batching writer), door and self_checkin."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pandas as pd

from lib.access.scope import Scope, venue_clause
from lib.platform.db import scalar
from lib.platform.frames import frame_of
from lib.platform.times import now_utc

MAX_STAY_HOURS = 24


def effective_out(stay_minutes: str = "v.default_stay_minutes") -> str:
    """The end of a visit (alias c) as every query sees it: the recorded check-out, or check-in plus the
    venue's default stay capped at 24 h. `stay_minutes` is SQL: the joined venue's column, or a bound
    parameter when the venue is already known (which spares the join). Computed on epoch microseconds:
    adding an interval to a TIMESTAMPTZ goes through the ICU calendar, ten times slower over millions of rows."""
    return (
        f"coalesce(c.checked_out_at, make_timestamptz(epoch_us(c.checked_in_at)"
        f" + least({stay_minutes}, {MAX_STAY_HOURS * 60}) * CAST(60000000 AS BIGINT)))"
    )


EFFECTIVE_OUT = effective_out()


def list_checkins(cur: duckdb.DuckDBPyConnection, scope: Scope, since: datetime, until: datetime, limit: int = 10_000) -> pd.DataFrame:
    """Visits that started in [since, until) at venues within the scope, newest first."""
    sql = (
        "SELECT c.checkin_id, c.person_id, c.venue_id, v.name AS venue_name, v.scheme AS ward_scheme,"
        " v.ward_code, c.checked_in_at,"
        f" c.checked_out_at, {EFFECTIVE_OUT} AS effective_out, c.method, c.closed_by"
        " FROM checkins c JOIN venues v ON v.venue_id = c.venue_id"
        f" WHERE {venue_clause(scope)} AND c.checked_in_at >= $since AND c.checked_in_at < $until"
        " ORDER BY c.checked_in_at DESC LIMIT $limit"
    )
    return frame_of(cur.execute(sql, {**scope.params(), "since": since, "until": until, "limit": limit}))


def count_checkins(cur: duckdb.DuckDBPyConnection, scope: Scope, since: datetime, until: datetime) -> int:
    """Visits started in [since, until) within the scope."""
    sql = (
        "SELECT count(*) FROM checkins c JOIN venues v ON v.venue_id = c.venue_id"
        f" WHERE {venue_clause(scope)} AND c.checked_in_at >= $since AND c.checked_in_at < $until"
    )
    return int(scalar(cur.execute(sql, {**scope.params(), "since": since, "until": until})))


def people_inside(cur: duckdb.DuckDBPyConnection, scope: Scope, at: datetime | None = None) -> int:
    """Distinct people whose visit (by the stay rules) spans the moment `at` within the scope."""
    at = at or now_utc()
    sql = (
        "SELECT count(DISTINCT c.person_id) FROM checkins c JOIN venues v ON v.venue_id = c.venue_id"
        f" WHERE {venue_clause(scope)} AND c.checked_in_at <= $at AND c.checked_in_at > $earliest"
        f" AND {EFFECTIVE_OUT} > $at"
    )
    earliest = at - timedelta(hours=MAX_STAY_HOURS)
    return int(scalar(cur.execute(sql, {**scope.params(), "at": at, "earliest": earliest})))


def open_visits(cur: duckdb.DuckDBPyConnection, scope: Scope, at: datetime | None = None, limit: int = 500) -> pd.DataFrame:
    """Visits in scope still open at `at` by the stay rules, with the masked name for the door's list."""
    at = at or now_utc()
    sql = (
        "SELECT c.checkin_id, c.person_id, p.full_name, c.venue_id, c.checked_in_at,"
        f" {EFFECTIVE_OUT} AS expected_out FROM checkins c JOIN venues v ON v.venue_id = c.venue_id"
        " JOIN people p ON p.person_id = c.person_id"
        f" WHERE {venue_clause(scope)} AND c.checked_out_at IS NULL AND c.checked_in_at <= $at"
        f" AND c.checked_in_at > $earliest AND {EFFECTIVE_OUT} > $at ORDER BY c.checked_in_at DESC LIMIT $limit"
    )
    return frame_of(cur.execute(sql, {**scope.params(), "at": at, "earliest": at - timedelta(hours=MAX_STAY_HOURS), "limit": limit}))
