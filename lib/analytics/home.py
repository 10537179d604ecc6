"""The home page's figures, always scoped in SQL: the four headline numbers, the few more each role needs
today (with the page that explains them), and two small series. The footfall, compliance and risk pages
have their own modules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb
import pandas as pd

from lib.access import permissions
from lib.access.scope import Scope, person_clause, scope_for, venue_clause
from lib.access.users import User
from lib.analytics import compliance
from lib.checkins.visits import count_checkins, people_inside
from lib.platform.db import scalar
from lib.platform.frames import frame_of
from lib.platform.threads import parallel_work
from lib.platform.times import local_day_bounds, local_day_sql, local_hour_sql, now_utc
from lib.tracing import risk_queue
from lib.venues.lookup import count_venues


@dataclass(frozen=True)
class Headline:
    venues: int
    checkins_today: int
    inside_now: int
    pending_review: int


def pending_reviews(cur: duckdb.DuckDBPyConnection, scope: Scope) -> int:
    """Risky declarations (yellow/red) that no health officer has reviewed yet, for people in scope."""
    sql = (
        "SELECT count(*) FROM declarations d JOIN people p ON p.person_id = d.person_id"
        f" WHERE {person_clause(scope)} AND d.risk_level <> 'green' AND d.reviewed_at IS NULL"
    )
    return int(scalar(cur.execute(sql, scope.params())))


@parallel_work
def headline(cur: duckdb.DuckDBPyConnection, scope: Scope, now: datetime | None = None) -> Headline:
    """The four numbers each role's home page shows today."""
    now = now or now_utc()
    start, end = local_day_bounds(now)
    return Headline(
        venues=count_venues(cur, scope),
        checkins_today=count_checkins(cur, scope, start, end),
        inside_now=people_inside(cur, scope, now),
        pending_review=pending_reviews(cur, scope),
    )


@dataclass(frozen=True)
class Figure:
    """One number on a role's home page: message key, value, and the page where it is worked on."""

    key: str
    value: int
    page: str


@parallel_work
def role_figures(cur: duckdb.DuckDBPyConnection, user: User, now: datetime | None = None) -> list[Figure]:
    """The role's own numbers: venues silent and using their code (office, admin, ward chairs), new
    follow-up items (health, ward chairs, admin) and open cases (health, admin)."""
    now = now or now_utc()
    scope = scope_for(user)
    figures: list[Figure] = []
    if permissions.may_open(user, "compliance"):
        options = compliance.Options(scope.ward_scheme or "2025")
        wards = compliance.ward_summary(cur, scope, options, now)
        figures += [
            Figure("home.adoption", int(wards["active"].to_numpy().sum()), "compliance"),  # counts, never null
            Figure("home.silent", int(wards["silent"].to_numpy().sum()), "compliance"),
        ]
    if permissions.may_open(user, "risk"):
        figures.append(Figure("home.open_followups", risk_queue.open_count(cur, scope), "risk"))
    if permissions.may_open(user, "tracing"):
        opened = scalar(cur.execute("SELECT count(*) FROM cases WHERE status = 'open'"))
        figures.append(Figure("home.open_cases", int(opened), "tracing"))
    return figures


@parallel_work
def checkins_by_ward(cur: duckdb.DuckDBPyConnection, scope: Scope, since: datetime, until: datetime) -> pd.DataFrame:
    """Check-ins per ward (with its name) in [since, until), most first."""
    sql = (
        "SELECT v.ward_code, any_value(u.name) AS ward_name, count(*) AS checkins"
        " FROM checkins c JOIN venues v ON v.venue_id = c.venue_id"
        " LEFT JOIN admin_units u ON u.scheme = v.scheme AND u.level = 'ward' AND u.code = v.ward_code"
        f" WHERE {venue_clause(scope)} AND c.checked_in_at >= $since AND c.checked_in_at < $until"
        " GROUP BY v.ward_code ORDER BY checkins DESC"
    )
    return frame_of(cur.execute(sql, {**scope.params(), "since": since, "until": until}))


@parallel_work
def checkins_per_day(cur: duckdb.DuckDBPyConnection, scope: Scope, days: int, now: datetime | None = None) -> pd.DataFrame:
    """Check-ins per local calendar day over the last `days` days (today included)."""
    now = now or now_utc()
    _, end = local_day_bounds(now)
    since = end - timedelta(days=days)
    sql = f"""
SELECT {local_day_sql("c.checked_in_at")} AS day, count(*) AS checkins
FROM checkins c JOIN venues v ON v.venue_id = c.venue_id
WHERE {venue_clause(scope)} AND c.checked_in_at >= $since AND c.checked_in_at < $until
GROUP BY day
ORDER BY day
"""
    return frame_of(cur.execute(sql, {**scope.params(), "since": since, "until": end}))


@parallel_work
def arrivals_per_hour(cur: duckdb.DuckDBPyConnection, scope: Scope, now: datetime | None = None) -> pd.DataFrame:
    """Check-ins per local hour today (0-23, missing hours as 0) within the scope."""
    now = now or now_utc()
    start, end = local_day_bounds(now)
    sql = f"""
WITH arrivals AS (
    SELECT {local_hour_sql("c.checked_in_at")} AS hour, count(*) AS n
    FROM checkins c JOIN venues v ON v.venue_id = c.venue_id
    WHERE {venue_clause(scope)} AND c.checked_in_at >= $since AND c.checked_in_at < $until
    GROUP BY 1
)
SELECT h.hour, coalesce(a.n, 0) AS checkins
FROM range(24) h(hour) LEFT JOIN arrivals a USING (hour)
ORDER BY h.hour
"""
    return frame_of(cur.execute(sql, {**scope.params(), "since": start, "until": end}))
