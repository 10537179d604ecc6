"""Closing the day at a venue: everyone still inside is checked out at closing time (closed_by 'close_day')."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb

from lib.access import audit
from lib.access.scope import scope_for
from lib.access.users import User
from lib.checkins import open_visits
from lib.checkins.visits import EFFECTIVE_OUT, MAX_STAY_HOURS
from lib.platform.db import transaction
from lib.platform.times import now_utc
from lib.venues.lookup import get_venue

# Everyone still inside a venue at $at, within the 24 h cap: closed at $at, or at the end of their default stay
# when that came first.
_CLOSE_DAY = f"""
UPDATE checkins c
SET checked_out_at = least(greatest(c.checked_in_at, $at), {EFFECTIVE_OUT}),
    closed_by = CASE WHEN {EFFECTIVE_OUT} > $at THEN 'close_day' ELSE 'default_stay' END
FROM venues v
WHERE v.venue_id = c.venue_id AND c.venue_id = $venue AND c.checked_out_at IS NULL
  AND c.checked_in_at <= $at AND c.checked_in_at > $earliest
RETURNING c.closed_by, c.checkin_id, c.venue_id, c.checked_in_at, c.checked_out_at
"""


def close_day(cur: duckdb.DuckDBPyConnection, user: User, venue_id: str, at: datetime | None = None) -> int:
    """Check out everyone still inside the venue at closing time; returns how many. Open visits whose default
    stay ended earlier are closed at that end ('default_stay'), as every query already reads them: closing
    time would stretch a morning visit over the whole day and make everyone at the market a contact of
    everyone. Visits older than the 24 h cap are left as they are (closed at query time, never rewritten)."""
    get_venue(cur, scope_for(user), venue_id)
    at = at or now_utc()
    with transaction(cur):  # the visits and the door's rows per person (lib.checkins.open_visits) together
        closed = cur.execute(_CLOSE_DAY, {"venue": venue_id, "at": at, "earliest": at - timedelta(hours=MAX_STAY_HOURS)}).fetchall()
        open_visits.closed(cur, [(checkin_id, venue, since, out, how) for how, checkin_id, venue, since, out in closed])
        inside = sum(1 for row in closed if row[0] == "close_day")
        audit.record(cur, user, "close_day", target=venue_id, row_count=inside)
    return inside
