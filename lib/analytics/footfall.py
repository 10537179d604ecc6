"""Footfall for the authorities: check-ins per day, hour and weekday, top venues, wards and categories, and
people present against capacity. Every figure comes from the hourly totals (lib.analytics.hourly_totals) filtered the
same way, so charts and tables agree; the signed-in user's scope is part of every statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from lib.access.scope import Scope, venue_clause, ward_filter
from lib.platform import admin_units
from lib.platform.frames import frame_of
from lib.platform.threads import parallel_work
from lib.venues import lookup


@dataclass(frozen=True)
class Filters:
    """Local days [since, until] inclusive; optional ward (scheme, code; a 2025 ward includes the old wards
    merged into it), category and venue."""

    since: date
    until: date
    ward: tuple[str, str] | None = None
    category: str | None = None
    venue_id: str | None = None


# The ward filter's wards are the venue list's: today's wards with venues in scope (a 2021 ward under its 2025 ward).
wards_in_scope = lookup.wards_in_scope


def _where(scope: Scope, filters: Filters) -> tuple[str, dict[str, object]]:
    """The shared FROM ... WHERE over the totals t (which carry the venue's ward and category), with its parameters."""
    sql = f" FROM venue_hour_totals t WHERE t.day BETWEEN $since AND $until AND {venue_clause(scope, 't')}"
    params: dict[str, object] = {**scope.params(), "since": filters.since, "until": filters.until}
    ward_sql, ward_params = ward_filter(filters.ward, "t")
    sql += f" AND {ward_sql}"
    params.update(ward_params)
    if filters.category is not None:
        sql += " AND t.category = $category"
        params["category"] = filters.category
    if filters.venue_id is not None:
        sql += " AND t.venue_id = $venue"
        params["venue"] = filters.venue_id
    return sql, params


def _query(cur: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters, select: str, tail: str) -> pd.DataFrame:
    where, params = _where(scope, filters)
    return frame_of(cur.execute(f"SELECT {select}{where} {tail}", params))


@parallel_work
def per_day(cur: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters) -> pd.DataFrame:
    """day, checkins for every day of the range (days without check-ins as 0)."""
    counted = _query(cur, scope, filters, "t.day, sum(t.checkins) AS checkins", "GROUP BY t.day")
    days = pd.DataFrame({"day": pd.date_range(filters.since, filters.until, freq="D").date})
    out = days.merge(counted.assign(day=pd.to_datetime(counted["day"]).dt.date), on="day", how="left")
    return out.fillna({"checkins": 0}).astype({"checkins": "int64"})


@parallel_work
def per_hour(cur: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters) -> pd.DataFrame:
    """hour 0-23, checkins over the whole range."""
    counted = _query(cur, scope, filters, "t.hour, sum(t.checkins) AS checkins", "GROUP BY t.hour")
    out = pd.DataFrame({"hour": range(24)}).merge(counted.astype({"hour": "int64"}), on="hour", how="left")
    return out.fillna({"checkins": 0}).astype({"checkins": "int64"})


@parallel_work
def weekday_hour(cur: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters) -> pd.DataFrame:
    """A 7 x 24 grid (rows Monday=1 .. Sunday=7, columns hours) of check-ins, for the heatmap."""
    counted = _query(cur, scope, filters, "isodow(t.day) AS weekday, t.hour, sum(t.checkins) AS checkins", "GROUP BY ALL")
    grid = counted.pivot_table(index="weekday", columns="hour", values="checkins", aggfunc="sum")
    return grid.reindex(index=range(1, 8), columns=range(24)).fillna(0).astype("int64")


@parallel_work
def top_venues(cur: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters, limit: int = 20) -> pd.DataFrame:
    """The busiest venues: id, name, category, ward, check-ins, highest people present and capacity."""
    where, params = _where(scope, filters)
    sql = (
        f"WITH top AS (SELECT t.venue_id, sum(t.checkins) AS checkins, max(t.peak_present) AS peak_present{where}"
        " GROUP BY t.venue_id ORDER BY checkins DESC, t.venue_id LIMIT $limit)"
        " SELECT top.venue_id, v.name, v.category, v.ward_code, top.checkins, top.peak_present, v.capacity"
        " FROM top JOIN venues v USING (venue_id) ORDER BY top.checkins DESC, top.venue_id"
    )
    return frame_of(cur.execute(sql, {**params, "limit": limit}))


@parallel_work
def by_ward(cur: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters) -> pd.DataFrame:
    """ward_code, ward_name, checkins (each venue under the ward it belongs to now: old data is counted under
    the 2025 ward its 2021 ward went into), most first."""
    where, params = _where(scope, filters)
    sql = (
        f"WITH {admin_units.WARD_NOW_CTE}, t AS (SELECT t.scheme, t.ward_code, sum(t.checkins) AS checkins{where} GROUP BY ALL),"
        f" w AS (SELECT {admin_units.ward_now_columns('t')}, sum(t.checkins) AS checkins FROM t"
        "   LEFT JOIN wmap m ON m.old_ward_code = t.ward_code GROUP BY ALL)"
        " SELECT w.rward AS ward_code, coalesce(u.name, w.rward) AS ward_name, w.checkins FROM w"
        " LEFT JOIN admin_units u ON u.scheme = w.rscheme AND u.level = 'ward' AND u.code = w.rward"
        " ORDER BY w.checkins DESC, w.rward"
    )
    return frame_of(cur.execute(sql, params))


@parallel_work
def by_category(cur: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters) -> pd.DataFrame:
    """category, checkins, most first."""
    return _query(cur, scope, filters, "t.category, sum(t.checkins) AS checkins", "GROUP BY t.category ORDER BY checkins DESC, t.category")


@parallel_work
def over_capacity(cur: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters) -> pd.DataFrame:
    """Venues whose estimated people present exceeded their capacity: when (first and last local hour), in how
    many hours, and the highest count."""
    where, params = _where(scope, filters)
    sql = (
        f"WITH o AS (SELECT t.venue_id, max(t.peak_present) AS peak_present, count(*) AS hours_over,"
        " min(t.day + to_hours(t.hour)) AS first_over, max(t.day + to_hours(t.hour)) AS last_over"
        f"{where} AND t.peak_present > t.capacity GROUP BY t.venue_id)"
        " SELECT o.venue_id, v.name, v.ward_code, v.capacity, o.peak_present, o.hours_over, o.first_over, o.last_over"
        " FROM o JOIN venues v USING (venue_id) ORDER BY o.hours_over DESC, o.peak_present DESC, o.venue_id"
    )
    return frame_of(cur.execute(sql, params))


@parallel_work
def presence(cur: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters) -> pd.DataFrame:
    """For one venue (filters.venue_id): local hour start, peak people present and capacity, hour by hour."""
    if filters.venue_id is None:
        raise ValueError("presence needs a venue")
    return _query(cur, scope, filters, "t.day + to_hours(t.hour) AS moment, t.peak_present, t.capacity", "ORDER BY moment")
