"""Venues: the registry of places that post a QR code — validation, registration, editing and status. Every
change first reads the venue within the caller's scope (lib.venues.lookup), so a ward chair cannot edit another
ward's venue, whatever the page does.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from enum import StrEnum

import duckdb

from lib.access import audit
from lib.access.scope import WARD, scope_for, venue_clause
from lib.access.users import User
from lib.platform import admin_units
from lib.platform.errors import ConflictError, FormErrors, InvalidInputError
from lib.platform.times import format_datetime, now_utc
from lib.platform.validation import clean_person_name, clean_text, match_key, normalize_phone
from lib.venues.categories import BY_CODE
from lib.venues.lookup import Venue, get_venue

# Short venue codes avoid look-alike characters (no 0/O, 1/I/L) so they can be typed from a poster.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


class VenueStatus(StrEnum):
    """A venue's state, equal to `venues.status`: suspended and closed venues refuse check-ins."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"


STATUSES = tuple(VenueStatus)


@dataclass(frozen=True)
class VenueInput:
    """What a registration form or an import row provides, before validation."""

    name: str
    category: str
    scheme: str
    province_code: str
    district_code: str | None
    ward_code: str
    address: str
    registrant_name: str
    registrant_phone: str
    staff_phones: tuple[str, ...] = field(default_factory=tuple)
    capacity: int | None = None
    default_stay_minutes: int | None = None
    opening_hours: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None


def new_venue_code() -> str:
    """A random six-character code from the look-alike-free alphabet."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_venue_code(text: str) -> str:
    """What a person typed from a poster: spaces removed, upper case."""
    return "".join(str(text).split()).upper()


def _check(errors: dict[str, InvalidInputError], name: str, fn, *args):
    try:
        return fn(*args)
    except InvalidInputError as err:
        errors[name] = err
        return None


def validate(cur: duckdb.DuckDBPyConnection, data: VenueInput, user: User) -> VenueInput:
    """Clean every field; raises FormErrors with one message per wrong field."""
    errors: dict[str, InvalidInputError] = {}
    name = _check(errors, "name", clean_text, data.name, "name", 150)
    address = _check(errors, "address", clean_text, data.address, "address", 200)
    registrant = _check(errors, "registrant_name", clean_person_name, data.registrant_name, "registrant_name")
    phone = _check(errors, "registrant_phone", normalize_phone, data.registrant_phone, "registrant_phone")
    staff = tuple(
        p for p in (_check(errors, "staff_phones", normalize_phone, s, "staff_phones") for s in data.staff_phones if str(s).strip()) if p
    )
    hours = _check(errors, "opening_hours", clean_text, data.opening_hours, "opening_hours", 100, False)
    category = BY_CODE.get(data.category)
    if category is None:
        errors["category"] = InvalidInputError("val.category", field="category")
    parent = data.district_code if data.scheme == admin_units.SCHEME_2021 else data.province_code
    in_place = (
        parent
        and admin_units.ward_belongs(cur, data.scheme, data.ward_code, parent)
        and (data.scheme == admin_units.SCHEME_2025 or admin_units.ward_belongs_district(cur, data.district_code or "", data.province_code))
    )
    if not data.ward_code:
        errors["ward_code"] = InvalidInputError("val.ward_missing", field="ward_code")
    elif not in_place:
        errors["ward_code"] = InvalidInputError("val.ward", field="ward_code")
    elif not _ward_allowed(cur, user, data.scheme, data.ward_code):
        errors["ward_code"] = InvalidInputError("val.ward_scope", field="ward_code")
    if data.capacity is not None and (not isinstance(data.capacity, int) or data.capacity <= 0):
        errors["capacity"] = InvalidInputError("val.capacity", field="capacity")
    stay = data.default_stay_minutes or (category.default_stay_minutes if category else None)
    if stay is not None and not 5 <= stay <= 1440:
        errors["default_stay_minutes"] = InvalidInputError("val.stay", field="default_stay_minutes")
    temporary = category is not None and category.temporary
    if temporary and (not data.starts_at or not data.ends_at or data.ends_at <= data.starts_at):
        errors["starts_at"] = InvalidInputError("val.window", field="starts_at")
    if errors:
        raise FormErrors(errors)
    return replace(
        data,
        name=name,
        address=address,
        registrant_name=registrant,
        registrant_phone=phone,
        staff_phones=staff,
        opening_hours=hours or None,
        default_stay_minutes=stay,
        district_code=data.district_code if data.scheme == admin_units.SCHEME_2021 else None,
        starts_at=data.starts_at if temporary else None,
        ends_at=data.ends_at if temporary else None,
    )


def _ward_allowed(cur: duckdb.DuckDBPyConnection, user: User, scheme: str, ward_code: str) -> bool:
    """A ward chair registers only in their ward (or an old ward merged into their 2025 ward)."""
    scope = scope_for(user)
    if scope.kind != WARD:
        return scope.kind == "city"
    probe = cur.execute(
        f"SELECT {venue_clause(scope, 'x')} FROM (SELECT $scheme AS scheme, $ward AS ward_code) x",
        {**scope.params(), "scheme": scheme, "ward": ward_code},
    ).fetchone()
    return bool(probe and probe[0])


def likely_duplicates(cur: duckdb.DuckDBPyConnection, data: VenueInput, exclude: str | None = None) -> list[str]:
    """Names of venues in the same ward with the same normalised name and address."""
    return _ward_venues(cur, data.scheme, data.ward_code, exclude).get(_same_place(data.name, data.address), [])


class KnownVenues:
    """The registry's venues, read once per ward, for an import that checks every row of a file against them
    (a query and every venue of the ward normalised again per row took half of a 2,000-row preview)."""

    def __init__(self, cur: duckdb.DuckDBPyConnection) -> None:
        self._cur = cur
        self._by_ward: dict[tuple[str, str], dict[tuple[str, str], list[str]]] = {}

    def duplicates(self, data: VenueInput) -> list[str]:
        """What likely_duplicates says of `data`."""
        ward = (data.scheme, data.ward_code)
        if ward not in self._by_ward:
            self._by_ward[ward] = _ward_venues(self._cur, data.scheme, data.ward_code, None)
        return list(self._by_ward[ward].get(_same_place(data.name, data.address), []))


def _same_place(name: str, address: str) -> tuple[str, str]:
    return match_key(name), match_key(address)


def _ward_venues(cur: duckdb.DuckDBPyConnection, scheme: str, ward_code: str, exclude: str | None) -> dict[tuple[str, str], list[str]]:
    """The open venues of a ward by normalised (name, address): "name (code)" of each."""
    rows = cur.execute(
        """
        SELECT venue_id, name, address
        FROM venues
        WHERE scheme = ? AND ward_code = ? AND status <> 'closed' AND venue_id IS DISTINCT FROM ?
        """,
        [scheme, ward_code, exclude],
    ).fetchall()
    found: dict[tuple[str, str], list[str]] = {}
    for venue_id, name, address in rows:
        found.setdefault(_same_place(name, address), []).append(f"{name} ({venue_id})")
    return found


# What a form writes: every VenueInput field is the `venues` column of the same name (a fixed list, never user text).
_FORM_COLUMNS = tuple(f.name for f in fields(VenueInput))


def _form_values(clean: VenueInput) -> list[object]:
    """The values of _FORM_COLUMNS, in order (the staff phones as a list for VARCHAR[])."""
    return [list(value) if isinstance(value, tuple) else value for value in (getattr(clean, c) for c in _FORM_COLUMNS)]


def create_venue(
    cur: duckdb.DuckDBPyConnection, user: User, data: VenueInput, confirm_duplicate: bool = False, confirm_past_end: bool = False
) -> str:
    """Register a venue; raises FormErrors, or ConflictError for an unconfirmed likely duplicate or an
    unconfirmed event whose end has already passed (its code would refuse every check-in: most often a
    mistyped date, sometimes an event recorded afterwards)."""
    clean = validate(cur, data, user)
    if has_ended(clean) and not confirm_past_end:
        raise ConflictError("venue.past_end", ends=format_datetime(clean.ends_at))
    duplicates = likely_duplicates(cur, clean)
    if duplicates and not confirm_duplicate:
        raise ConflictError("val.duplicate", names=", ".join(duplicates))
    for _ in range(20):
        venue_id = new_venue_code()
        if not cur.execute("SELECT 1 FROM venues WHERE venue_id = ?", [venue_id]).fetchone():
            break
    placeholders = ", ".join("?" * (len(_FORM_COLUMNS) + 2))
    cur.execute(
        f"INSERT INTO venues (venue_id, {', '.join(_FORM_COLUMNS)}, created_by) VALUES ({placeholders})",
        [venue_id, *_form_values(clean), user.user_id],
    )
    audit.record(cur, user, "create_venue", target=venue_id)
    return venue_id


def has_ended(data: VenueInput, now: datetime | None = None) -> bool:
    """Whether an event's end has already passed: its code would refuse every check-in, so registering,
    importing or editing it so asks for confirmation (most often a mistyped date)."""
    return data.ends_at is not None and data.ends_at <= (now or now_utc())


def venue_input_of(venue: Venue) -> VenueInput:
    """A stored venue (as from get_venue) in the shape of the form, to pre-fill it and to compare with it."""
    return VenueInput(**{column: getattr(venue, column) for column in _FORM_COLUMNS})


def _changes_only(data: VenueInput, base: VenueInput, current: VenueInput) -> VenueInput:
    """The stored venue with only the fields the person changed (data differs from what the form started
    from) taken from the form, so a save never writes back what someone else changed in the meantime."""
    changed = {f: getattr(data, f) for f in VenueInput.__dataclass_fields__ if getattr(data, f) != getattr(base, f)}
    if {"ward_code", "district_code", "province_code", "scheme"} & changed.keys():  # a place moves as a whole
        changed.update({f: getattr(data, f) for f in ("scheme", "province_code", "district_code", "ward_code")})
    return replace(current, **changed)


def update_venue(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    venue_id: str,
    data: VenueInput,
    confirm_duplicate: bool = False,
    base: VenueInput | None = None,
    confirm_past_end: bool = False,
) -> bool:
    """Edit a venue in scope; returns True when name or address changed (the poster should be rotated).
    With `base` (what the form showed when it was opened) only the fields that differ from it are written.
    An end moved into the past raises ConflictError unless confirmed, as at registration (an event that has
    already ended may still be edited otherwise without being asked again)."""
    before = get_venue(cur, scope_for(user), venue_id)
    if base is not None:
        data = _changes_only(data, base, venue_input_of(before))
    clean = validate(cur, data, user)
    if has_ended(clean) and clean.ends_at != before.ends_at and not confirm_past_end:
        raise ConflictError("venue.past_end", ends=format_datetime(clean.ends_at))
    duplicates = likely_duplicates(cur, clean, exclude=venue_id)
    if duplicates and not confirm_duplicate:
        raise ConflictError("val.duplicate", names=", ".join(duplicates))
    assignments = ", ".join(f"{column} = ?" for column in _FORM_COLUMNS)
    cur.execute(f"UPDATE venues SET {assignments}, updated_at = now() WHERE venue_id = ?", [*_form_values(clean), venue_id])
    audit.record(cur, user, "update_venue", target=venue_id)
    return (before.name, before.address) != (clean.name, clean.address)


def set_status(cur: duckdb.DuckDBPyConnection, user: User, venue_id: str, status: str) -> None:
    """Suspend, close or reopen a venue in scope."""
    if status not in STATUSES:
        raise InvalidInputError("val.required", field="status")
    get_venue(cur, scope_for(user), venue_id)
    cur.execute("UPDATE venues SET status = ?, updated_at = now() WHERE venue_id = ?", [status, venue_id])
    audit.record(cur, user, "venue_status", target=venue_id, details={"status": status})
