"""Venues looked up within a scope: one venue, the scoped listing and count, a venue's own scope for a page
working at it, and its full address. Every read applies the caller's scope in SQL, so a ward chair never sees
another ward's venue, whatever the page does. Registration and edits are lib.venues.registry's.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from lib.access.scope import VENUES, Scope, scope_for, venue_clause
from lib.access.users import User
from lib.platform import admin_units
from lib.platform.db import scalar
from lib.platform.errors import NotFoundError


def get_venue(cur: duckdb.DuckDBPyConnection, scope: Scope, venue_id: str) -> dict:
    """One venue as a dict; NotFoundError when it does not exist or is outside the scope."""
    row = cur.execute(
        f"SELECT v.* FROM venues v WHERE v.venue_id = $venue_id AND {venue_clause(scope)}",
        {**scope.params(), "venue_id": venue_id},
    ).fetchone()
    if row is None:
        raise NotFoundError("err.venue_unknown", venue_id=venue_id)
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def venue_scope(cur: duckdb.DuckDBPyConnection, user: User, venue_id: str) -> Scope:
    """The scope of one venue for a page that works at that venue (the door's counters, today's arrivals):
    checked against the user's own scope here, so a venue id from a stale widget or a crafted request cannot
    widen what the user sees. Raises NotFoundError when the venue is unknown or outside the user's scope."""
    get_venue(cur, scope_for(user), venue_id)
    return Scope(VENUES, venue_ids=(venue_id,))


def full_address(cur: duckdb.DuckDBPyConnection, venue: dict) -> str:
    """House number and street, ward, district (2021 scheme), province — names from the unit tables."""
    parts = [venue["address"], admin_units.unit_name(cur, venue["scheme"], "ward", venue["ward_code"])]
    if venue.get("district_code"):
        parts.append(admin_units.unit_name(cur, venue["scheme"], "district", venue["district_code"]))
    parts.append(admin_units.unit_name(cur, venue["scheme"], "province", venue["province_code"]))
    return ", ".join(parts)


def list_venues(
    cur: duckdb.DuckDBPyConnection,
    scope: Scope,
    ward_code: str | None = None,
    category: str | None = None,
    status: str | None = None,
    not_printed: bool = False,
    not_checked_days: int | None = None,
    limit: int = 10_000,
) -> pd.DataFrame:
    """Venues within the scope, optionally filtered; newest registrations first."""
    sql = (
        "SELECT v.venue_id, v.name, v.category, v.scheme, v.ward_code, v.address, v.registrant_name,"
        " v.registrant_phone, v.capacity, v.status, v.code_version, v.code_printed_at, v.code_checked_at"
        f" FROM venues v WHERE {venue_clause(scope)}"
        " AND ($ward IS NULL OR v.ward_code = $ward) AND ($category IS NULL OR v.category = $category)"
        " AND ($status IS NULL OR v.status = $status) AND (NOT $not_printed OR v.code_printed_at IS NULL)"
        " AND ($days IS NULL OR v.code_checked_at IS NULL OR v.code_checked_at < now() - to_days($days))"
        " ORDER BY v.created_at DESC, v.venue_id LIMIT $limit"
    )
    params = {
        **scope.params(),
        "ward": ward_code,
        "category": category,
        "status": status,
        "not_printed": not_printed,
        "days": not_checked_days,
        "limit": limit,
    }
    return cur.execute(sql, params).df()


def count_venues(cur: duckdb.DuckDBPyConnection, scope: Scope) -> int:
    """Registered (not closed) venues within the scope."""
    sql = f"SELECT count(*) FROM venues v WHERE {venue_clause(scope)} AND v.status <> 'closed'"
    return int(scalar(cur.execute(sql, scope.params())))
