"""People within a scope: residents of a ward, visitors of a staff member's venues, everyone for the city.
Declaring lives in lib.people.declarations, households and their codes in lib.people.households, the
citizen ID hash in lib.people.identity."""

from __future__ import annotations

import duckdb
import pandas as pd

from lib.access.scope import Scope, person_clause
from lib.platform.frames import frame_of


def list_people(cur: duckdb.DuckDBPyConnection, scope: Scope, limit: int = 10_000) -> pd.DataFrame:
    """People within the scope (residents of a ward; visitors of a staff member's venues)."""
    sql = (
        "SELECT p.person_id, p.household_id, p.full_name, p.birth_year, p.gender, p.scheme, p.ward_code,"
        " p.phone, p.id_last4 FROM people p"
        f" WHERE {person_clause(scope)} ORDER BY p.person_id LIMIT $limit"
    )
    return frame_of(cur.execute(sql, {**scope.params(), "limit": limit}))
