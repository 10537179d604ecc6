"""The door's look-up of a visitor who stands there without their code: birth year plus phone, or birth year
plus the last four digits of the citizen ID.

It exists for the person in front of the guard, not to browse the city (the red team looked up anyone and saw
their health reasons), so: exactly one match or none (two people who share the answers are "none": ask for
the code or the card), at most `rate_limits.LIMITS["staff_lookup"]` per staff account, only at a venue in the
account's scope, every look-up audited (never the phone or digits typed), and the answer is the masked name
and what the guard must do, nothing about the person's health.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from lib.access import audit, rate_limits
from lib.access.users import User
from lib.checkins import door_status
from lib.people import identity
from lib.platform.errors import ConflictError, InvalidInputError
from lib.platform.validation import normalize_phone
from lib.venues.lookup import venue_scope

ACTION = "staff_lookup"


@dataclass(frozen=True)
class VisitorMatch:
    """The one person who matches: their id (to record the visit), masked name and the guard's instruction
    (catalogue key, door.do_*); never the risk reasons."""

    person_id: int
    masked_name: str
    instruction: str


def look_up_visitor(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    secret: str,
    venue_id: str,
    birth_year: object,
    phone: str = "",
    id_last4: str = "",
    now: datetime | None = None,
) -> VisitorMatch | None:
    """The single person with this birth year and phone (or last four ID digits), or None when nobody or more
    than one matches. Raises NotFoundError for a venue outside the user's scope, InvalidInputError for a
    missing year, phone or digits (not counted), ConflictError('err.staff_lookup_limited') over the limit."""
    venue_scope(cur, user, venue_id)
    year = identity.birth_year(birth_year)
    last4 = str(id_last4 or "").strip()
    if str(phone or "").strip():
        number, by = normalize_phone(phone), "phone"
        sql = "SELECT person_id, full_name FROM people WHERE birth_year = ? AND (phone = ? OR (phone IS NULL AND owner_phone = ?))"
        params: list[object] = [year, number, number]
    elif len(last4) == 4 and last4.isdigit():
        by, sql, params = "id_last4", "SELECT person_id, full_name FROM people WHERE birth_year = ? AND id_last4 = ?", [year, last4]
    else:
        raise InvalidInputError("val.lookup_needs", field="phone")
    try:
        rate_limits.allow(cur, secret, ACTION, account=user.user_id, now=now)
    except ConflictError:
        limit = rate_limits.LIMITS[ACTION]["account"]
        raise ConflictError("err.staff_lookup_limited", n=limit.count, minutes=int(limit.window.total_seconds() // 60)) from None
    rows = cur.execute(sql + " ORDER BY person_id LIMIT 2", params).fetchall()
    match = None
    if len(rows) == 1:
        person_id = int(rows[0][0])
        match = VisitorMatch(person_id, identity.mask_name(rows[0][1]), door_status.status_of(cur, person_id).door_instruction)
    audit.record(
        cur,
        user,
        "door_lookup",
        target=venue_id,
        row_count=1 if match else 0,
        reason="visitor without a code at the door",
        details={"by": by, "person_id": match.person_id if match else None, "candidates": min(len(rows), 2)},
    )
    return match
