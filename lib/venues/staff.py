"""Staff accounts of a venue: who may scan at its door. Created, linked and revoked by an officer whose
scope contains the venue; a revoked account (a lost laptop) loses the venue at its next page load."""

from __future__ import annotations

import duckdb
import pandas as pd

from lib.access import accounts, audit
from lib.access.scope import scope_for
from lib.access.users import User
from lib.platform.errors import InvalidInputError, NotFoundError
from lib.venues.lookup import get_venue


def staff_of(cur: duckdb.DuckDBPyConnection, actor: User, venue_id: str) -> pd.DataFrame:
    """Current staff of a venue in the actor's scope."""
    get_venue(cur, scope_for(actor), venue_id)
    return cur.execute(
        "SELECT u.user_id, u.username, u.full_name, s.granted_at FROM venue_staff s JOIN users u USING (user_id)"
        " WHERE s.venue_id = ? AND s.revoked_at IS NULL AND u.active ORDER BY u.username",
        [venue_id],
    ).df()


def add_staff_account(cur: duckdb.DuckDBPyConnection, actor: User, venue_id: str, username: str, full_name: str, password: str) -> int:
    """Create a staff user and let them scan at the venue."""
    get_venue(cur, scope_for(actor), venue_id)
    user_id = accounts.create_user(cur, username, password, "staff", full_name or username, actor=actor)
    accounts.assign_venue(cur, user_id, venue_id, actor=actor)
    return user_id


def link_staff(cur: duckdb.DuckDBPyConnection, actor: User, venue_id: str, username: str) -> int:
    """Let an existing staff user scan at one more venue."""
    get_venue(cur, scope_for(actor), venue_id)
    row = cur.execute("SELECT user_id, role FROM users WHERE lower(username) = lower(?) AND active", [username.strip()]).fetchone()
    if row is None:
        raise NotFoundError("err.user_unknown", username=username)
    if row[1] != "staff":
        raise InvalidInputError("err.not_staff", field="username", username=username)
    accounts.assign_venue(cur, row[0], venue_id, actor=actor)
    return int(row[0])


def revoke_staff(cur: duckdb.DuckDBPyConnection, actor: User, venue_id: str, user_id: int) -> None:
    """Withdraw a staff user's access to the venue."""
    get_venue(cur, scope_for(actor), venue_id)
    cur.execute("UPDATE venue_staff SET revoked_at = now() WHERE venue_id = ? AND user_id = ? AND revoked_at IS NULL", [venue_id, user_id])
    audit.record(cur, actor, "revoke_venue", target=venue_id, details={"user_id": user_id})
