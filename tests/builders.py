"""Shared builders for tests: the users of each role, venues, people and households, check-ins, written into a
database through the library (accounts, the venue register, declarations) where a test needs the real path,
or as plain rows where it needs exact ids and times.

Every builder takes a cursor and returns what a test asserts on (a loaded User, a venue id, a person id). The
places are Sa Đéc's (Đồng Tháp, 2021 scheme): Phường 1 and Phường 2 are the wards the fixtures name.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import TYPE_CHECKING

import duckdb

from lib.access import accounts
from lib.access.scope import CITY, Scope
from lib.access.users import User
from lib.checkins import open_visits
from lib.people import declaration_form, declarations
from lib.venues import lookup, registry
from lib.venues.lookup import Venue

if TYPE_CHECKING:
    from tests.conftest import Database

PASSWORD = "long-password-1"
SCHEME, PROVINCE, DISTRICT = "2021", "87", "867"  # Đồng Tháp, Sa Đéc
PHUONG_1, PHUONG_2 = "29905", "29911"
REGISTRANT, REGISTRANT_PHONE = "Nguyễn Văn An", "0912000001"


def user(
    cur: duckdb.DuckDBPyConnection,
    username: str,
    role: str,
    full_name: str | None = None,
    ward_code: str | None = None,
    venues: tuple[str, ...] = (),
) -> User:
    """An account (password PASSWORD) loaded as the app has it after sign-in; a ward chair's ward is in the
    2021 scheme, a staff member is assigned to `venues`."""
    user_id = accounts.create_user(
        cur, username, PASSWORD, role, full_name or username, ward_scheme=SCHEME if ward_code else None, ward_code=ward_code
    )
    for venue_id in venues:
        accounts.assign_venue(cur, user_id, venue_id)
    return accounts.load_user(cur, user_id)


def admin(cur: duckdb.DuckDBPyConnection, username: str = "quantri") -> User:
    return user(cur, username, "admin", "Quản trị")


def office(cur: duckdb.DuckDBPyConnection, username: str = "office1") -> User:
    """The culture and information office (city-wide venues and compliance)."""
    return user(cur, username, "office", "Văn hoá")


def health(cur: duckdb.DuckDBPyConnection, username: str = "yte1") -> User:
    """A health officer (tracing, risk queue)."""
    return user(cur, username, "health", "Y tế")


def ward_chair(cur: duckdb.DuckDBPyConnection, ward_code: str = PHUONG_1, username: str = "ward1") -> User:
    """The chair of one ward's People's Committee (2021 scheme)."""
    return user(cur, username, "ward", f"Chủ tịch {ward_code}", ward_code=ward_code)


def staff(cur: duckdb.DuckDBPyConnection, venues: tuple[str, ...], username: str = "staff1") -> User:
    """Door staff allowed to scan at `venues`."""
    return user(cur, username, "staff", "Nhân viên", venues=venues)


def venue_input(
    name: str = "Chợ", category: str = "market", ward_code: str = PHUONG_1, address: str | None = None, **more: object
) -> registry.VenueInput:
    """What the registration form would send for a venue in Sa Đéc; `more` sets the optional fields
    (capacity, default_stay_minutes, starts_at, ...)."""
    return registry.VenueInput(
        name, category, SCHEME, PROVINCE, DISTRICT, ward_code, address or f"1 {name}", REGISTRANT, REGISTRANT_PHONE, **more
    )


def venue(cur: duckdb.DuckDBPyConnection, by: User, name: str = "Chợ", category: str = "market", **more: object) -> str:
    """A venue registered through the register by `by` (so validation, codes and audit are the real ones);
    returns its id. The category sets the default stay (market 60 min, essential_shop 20 min). An event's
    end may be in the past (tests run events at fixed moments): that is confirmed here."""
    return registry.create_venue(cur, by, venue_input(name, category, **more), confirm_past_end=True)


def person(
    cur: duckdb.DuckDBPyConnection,
    person_id: int,
    household_id: int | None = None,
    full_name: str | None = None,
    ward_code: str = PHUONG_1,
    phone: str | None = "",
    gender: str = "Nam",
    created_at: datetime | None = None,
) -> int:
    """A person row with a chosen id (the head of their own household unless `household_id`); the phone
    defaults to one made from the id, None for a relative without a phone."""
    cur.execute(
        "INSERT INTO people (person_id, household_id, full_name, birth_year, gender, scheme, province_code, ward_code, phone,"
        " created_at) VALUES (?, ?, ?, 1980, ?, ?, ?, ?, ?, coalesce(?, now()))",
        [
            person_id,
            household_id if household_id is not None else person_id,
            full_name or f"NGƯỜI SỐ {person_id}",
            gender,
            SCHEME,
            PROVINCE,
            ward_code,
            f"09120{person_id:05d}" if phone == "" else phone,
            created_at,
        ],
    )
    return person_id


def checkin(
    cur: duckdb.DuckDBPyConnection,
    checkin_id: int,
    person_id: int,
    venue_id: str,
    checked_in_at: datetime,
    checked_out_at: datetime | None = None,
    method: str = "staff_scan",
) -> int:
    """A visit row as the door stores it, with a chosen id and times (open while `checked_out_at` is None);
    for the door's own rules use lib.checkins.batch.record_scan instead."""
    cur.execute(
        "INSERT INTO checkins (checkin_id, person_id, venue_id, checked_in_at, checked_out_at, method) VALUES (?, ?, ?, ?, ?, ?)",
        [checkin_id, person_id, venue_id, checked_in_at, checked_out_at, method],
    )
    open_visits.rebuild(cur, people=[person_id])  # the door reads a person's visits from there
    return checkin_id


ADDRESS = declaration_form.Address(SCHEME, PROVINCE, DISTRICT, PHUONG_1, "12 Nguyễn Huệ")


def household(
    cur: duckdb.DuckDBPyConnection, secret: str, address: declaration_form.Address = ADDRESS, now: datetime | None = None
) -> list[declarations.Declared]:
    """A family declared through the declaration form: Hồ Văn Tâm (owner, phone 0912 345 678, CCCD
    087080123456, symptoms: red) and his son Hồ Gia Bảo (2018, no phone)."""
    owner = declaration_form.PersonForm(
        "Hồ Văn Tâm",
        1980,
        "Nam",
        phone="0912345678",
        id_number="087080123456",
        answers=declaration_form.Answers(symptoms=("fever",), symptom_details="sốt"),
    )
    child = declaration_form.PersonForm("Hồ Gia Bảo", 2018, "Nam", "child")
    return declarations.declare_household(cur, secret, owner, [child], address, True, now=now)


def demo_user(database: Database, username: str) -> User:
    """An account of a demo city (lib.demo.city.DEMO_ACCOUNTS) as the app loads it after sign-in."""
    with database.cursor() as cur:
        user_id = cur.execute("SELECT user_id FROM users WHERE username = ?", [username]).fetchone()[0]
        return accounts.load_user(cur, user_id)


def open_venue(cur: duckdb.DuckDBPyConnection) -> Venue:
    """The first active, permanent venue of a (demo) city: one whose poster accepts check-ins at any time."""
    venue_id = cur.execute(
        "SELECT venue_id FROM venues WHERE status = 'active' AND starts_at IS NULL ORDER BY venue_id LIMIT 1"
    ).fetchone()[0]
    return lookup.get_venue(cur, Scope(CITY), venue_id)


VIETNAMESE_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_bytes(text: str) -> bytes:
    """`text` as old Excel wrote it in Windows-1258: base letters from the code page, tone marks as separate
    combining characters (the code page has no precomposed toned vowels)."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(p for p in parts if p in VIETNAMESE_TONES)
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in VIETNAMESE_TONES))
            out.append(base.encode("cp1258") + tones.encode("cp1258"))
    return b"".join(out)


def forged(token: str) -> str:
    """The token with a signature that cannot be right: its last two characters replaced by a pair it does not
    end in (a fixed replacement equals the real signature once in 4,096 tokens, and CI drew that once)."""
    tail = "AA" if not token.endswith("AA") else "zz"
    return token[:-2] + tail
