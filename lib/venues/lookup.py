"""Venues looked up within a scope: one venue, the scoped listing and count, a venue's own scope for a page
working at it, and its full address. Every read applies the caller's scope in SQL, so a ward chair never sees
another ward's venue, whatever the page does. Registration and edits are lib.venues.registry's.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

import duckdb
import pandas as pd

from lib.access.scope import VENUES, Scope, scope_for, venue_clause, ward_filter
from lib.access.users import User
from lib.platform import admin_units
from lib.platform.db import scalar
from lib.platform.errors import NotFoundError
from lib.platform.frames import frame_of
from lib.platform.validation import search_key


@dataclass(frozen=True)
class Venue:
    """One row of `venues`, as the door, the posters and the registry page read it."""

    venue_id: str
    name: str
    category: str
    scheme: str
    province_code: str
    district_code: str | None  # None in the 2025 scheme
    ward_code: str
    address: str  # house number and street
    registrant_name: str
    registrant_phone: str
    staff_phones: tuple[str, ...]
    capacity: int | None
    default_stay_minutes: int
    opening_hours: str | None
    starts_at: datetime | None  # temporary venues (meetings, weddings, funerals)
    ends_at: datetime | None
    status: str  # a VenueStatus
    code_version: int
    code_printed_at: datetime | None
    code_checked_at: datetime | None
    created_at: datetime
    updated_at: datetime
    created_by: int | None

    @classmethod
    def of_row(cls, row: tuple) -> Venue:
        """A row selected as VENUE_COLUMNS lists them."""
        values = dict(zip(VENUE_COLUMNS, row, strict=True))
        return cls(**{**values, "staff_phones": tuple(values["staff_phones"] or ())})


VENUE_COLUMNS = tuple(f.name for f in fields(Venue))

ENDED = "ended"  # not stored: an active temporary event whose end has passed (shown "Đã kết thúc")
SHOWN_STATUSES = ("active", "suspended", "closed", ENDED)  # what the list shows and filters by
# what the registry page lists and exports: no registrant (personal data), so the file needs no reason
LIST_COLUMNS = (
    "venue_id",
    "name",
    "category",
    "ward_scheme",  # not shown: which scheme the ward code is in, to name it
    "ward_code",
    "address",
    "status",
    "ends_at",
    "code_version",
    "code_printed_at",
    "code_checked_at",
)
# name, address and code folded as lib.platform.validation.search_key folds a typed search
_SEARCHED_SQL = "lower(strip_accents(translate(v.name || ' ' || v.address || ' ' || v.venue_id, 'đĐ', 'dD')))"
_SHOWN_STATUS_SQL = "CASE WHEN v.status = 'active' AND v.ends_at < now() THEN 'ended' ELSE v.status END"


def shown_status(venue: Venue, now: datetime) -> str:
    """The status a person reads: an event past its end is "ended" though stored active, so it never
    reads "Đang hoạt động" while its code refuses every check-in."""
    if venue.status == "active" and venue.ends_at is not None and now > venue.ends_at:
        return ENDED
    return venue.status


def venue_columns(alias: str) -> str:
    """The select list of a Venue from `venues` under `alias`."""
    return ", ".join(f"{alias}.{column}" for column in VENUE_COLUMNS)


def get_venue(cur: duckdb.DuckDBPyConnection, scope: Scope, venue_id: str) -> Venue:
    """One venue; NotFoundError when it does not exist or is outside the scope."""
    row = cur.execute(
        f"SELECT {venue_columns('v')} FROM venues v WHERE v.venue_id = $venue_id AND {venue_clause(scope)}",
        {**scope.params(), "venue_id": venue_id},
    ).fetchone()
    if row is None:
        raise NotFoundError("err.venue_unknown", venue_id=venue_id)
    return Venue.of_row(row)


def venue_scope(cur: duckdb.DuckDBPyConnection, user: User, venue_id: str) -> Scope:
    """The scope of one venue for a page that works at that venue (the door's counters, today's arrivals):
    checked against the user's own scope here, so a venue id from a stale widget or a crafted request cannot
    widen what the user sees. Raises NotFoundError when the venue is unknown or outside the user's scope."""
    get_venue(cur, scope_for(user), venue_id)
    return Scope(VENUES, venue_ids=(venue_id,))


def full_address(cur: duckdb.DuckDBPyConnection, venue: Venue) -> str:
    """House number and street, ward, district (2021 scheme), province — names from the unit tables."""
    parts = [venue.address, admin_units.unit_name(cur, venue.scheme, "ward", venue.ward_code)]
    if venue.district_code:
        parts.append(admin_units.unit_name(cur, venue.scheme, "district", venue.district_code))
    parts.append(admin_units.unit_name(cur, venue.scheme, "province", venue.province_code))
    return ", ".join(parts)


def list_venues(
    cur: duckdb.DuckDBPyConnection,
    scope: Scope,
    ward: tuple[str, str] | None = None,
    category: str | None = None,
    status: str | None = None,
    not_printed: bool = False,
    not_checked_days: int | None = None,
    limit: int = 10_000,
    shown: str | None = None,
    text: str = "",
) -> pd.DataFrame:
    """Venues within the scope, optionally filtered; newest registrations first. `status` filters the stored
    status (an ended event is still "active" for the door), `shown` the one people read (SHOWN_STATUSES),
    which is also the `status` column; `ends_at` tells an event's end. `ward` (scheme, code) is a ward of the
    filter (admin_units.wards_now): a 2025 ward also lists the venues still stored under an old ward merged into
    it. `text` finds venues whose name, address or code hold every word typed, whatever the diacritics and
    case ("quan an" finds "Quán ăn")."""
    ward_sql, ward_params = ward_filter(ward, "v")
    sql = (
        "SELECT v.venue_id, v.name, v.category, v.scheme, v.scheme AS ward_scheme, v.ward_code, v.address, v.registrant_name,"
        f" v.registrant_phone, v.capacity, {_SHOWN_STATUS_SQL} AS status, v.ends_at, v.code_version,"
        " v.code_printed_at, v.code_checked_at"
        f" FROM venues v WHERE {venue_clause(scope)}"
        f" AND {ward_sql} AND ($category IS NULL OR v.category = $category)"
        " AND ($status IS NULL OR v.status = $status)"
        f" AND ($shown IS NULL OR {_SHOWN_STATUS_SQL} = $shown) AND (NOT $not_printed OR v.code_printed_at IS NULL)"
        f" AND len(list_filter($words, lambda word: NOT contains({_SEARCHED_SQL}, word))) = 0"
        " AND ($days IS NULL OR v.code_checked_at IS NULL OR v.code_checked_at < now() - to_days($days))"
        " ORDER BY v.created_at DESC, v.venue_id LIMIT $limit"
    )
    params = {
        **scope.params(),
        **ward_params,
        "category": category,
        "status": status,
        "shown": shown,
        "words": search_key(text).split(),  # every word somewhere: "quan tan khanh" finds "Quán ăn Tân Khánh"
        "not_printed": not_printed,
        "days": not_checked_days,
        "limit": limit,
    }
    return frame_of(cur.execute(sql, params))


def wards_in_scope(cur: duckdb.DuckDBPyConnection, scope: Scope) -> list[tuple[str, str, str]]:
    """(scheme, ward code, name) of today's wards (the 2025 units) that have venues within the scope, for a ward
    filter: a venue registered in a 2021 ward is offered under the ward it belongs to now, and `list_venues` (and
    footfall) on that ward include it. A 2021 ward without a mapping is offered as it is."""
    return admin_units.wards_now(cur, f"SELECT v.scheme, v.ward_code FROM venues v WHERE {venue_clause(scope)}", scope.params())


def count_venues(cur: duckdb.DuckDBPyConnection, scope: Scope) -> int:
    """Registered (not closed) venues within the scope."""
    sql = f"SELECT count(*) FROM venues v WHERE {venue_clause(scope)} AND v.status <> 'closed'"
    return int(scalar(cur.execute(sql, scope.params())))
