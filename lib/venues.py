"""Venues: the registry of places that post a QR code. (Registration, import and posters come with the venue
issue; the foundation provides the scoped listing.)"""

from __future__ import annotations

import duckdb
import pandas as pd

from lib.scope import Scope, venue_clause

# Short venue codes avoid look-alike characters (no 0/O, 1/I/L) so they can be typed from a poster.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


def list_venues(cur: duckdb.DuckDBPyConnection, scope: Scope, ward_code: str | None = None,
                category: str | None = None, status: str | None = None, limit: int = 10_000) -> pd.DataFrame:
    """Venues within the scope, optionally filtered; newest registrations first."""
    sql = (
        "SELECT v.venue_id, v.name, v.category, v.scheme, v.ward_code, v.address, v.registrant_name,"
        " v.registrant_phone, v.capacity, v.status, v.code_version, v.code_printed_at, v.code_checked_at"
        f" FROM venues v WHERE {venue_clause(scope)}"
        " AND ($ward IS NULL OR v.ward_code = $ward) AND ($category IS NULL OR v.category = $category)"
        " AND ($status IS NULL OR v.status = $status)"
        " ORDER BY v.created_at DESC, v.venue_id LIMIT $limit"
    )
    params = {**scope.params(), "ward": ward_code, "category": category, "status": status, "limit": limit}
    return cur.execute(sql, params).df()


def count_venues(cur: duckdb.DuckDBPyConnection, scope: Scope) -> int:
    """Registered (not closed) venues within the scope."""
    sql = f"SELECT count(*) FROM venues v WHERE {venue_clause(scope)} AND v.status <> 'closed'"
    return int(cur.execute(sql, scope.params()).fetchone()[0])
