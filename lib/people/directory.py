"""People (residents and visitors) and their households. (Declaring comes with the declaration issue; the
foundation provides identity hashing and the scoped listing.)"""

from __future__ import annotations

import hashlib

import duckdb
import pandas as pd

from lib.access.scope import Scope, person_clause


def id_hash(secret: str, id_number: str) -> str:
    """Keyed hash of a citizen ID number: lets a card scan find its person without storing the number.

    Computed as SHA-256 over `secret:number`, which the demo generator reproduces in SQL with `sha256()`.
    """
    return hashlib.sha256(f"{secret}:{id_number.strip()}".encode()).hexdigest()


def list_people(cur: duckdb.DuckDBPyConnection, scope: Scope, limit: int = 10_000) -> pd.DataFrame:
    """People within the scope (residents of a ward; visitors of a staff member's venues)."""
    sql = (
        "SELECT p.person_id, p.household_id, p.full_name, p.birth_year, p.gender, p.scheme, p.ward_code,"
        " p.phone, p.id_last4 FROM people p"
        f" WHERE {person_clause(scope)} ORDER BY p.person_id LIMIT $limit"
    )
    return cur.execute(sql, {**scope.params(), "limit": limit}).df()
