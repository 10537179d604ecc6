"""Synthetic demo data for Sa Đéc (or the whole province at benchmark size), generated in bulk SQL.

Every random choice is `hash(row, salt, seed)`, not `random()`, so the data is identical for a seed however
many threads DuckDB uses. Rhythms follow the venue category: markets at dawn, offices 7:30-17:00 on
weekdays, karaoke at night, restaurants at lunch and dinner, quieter offices and schools at weekends.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from lib.access.accounts import assign_venue, create_user
from lib.analytics import hourly_totals
from lib.checkins import open_visits, storage_order
from lib.checkins.visits import MAX_STAY_HOURS
from lib.demo import vocabulary as vocab
from lib.demo.people import CITY_PROVINCE, generate_declarations, generate_people, ward_count
from lib.demo.visits import generate_visits
from lib.platform import admin_units
from lib.platform.db import reserve_ids, scalar, transaction
from lib.platform.errors import ConflictError, InvalidInputError
from lib.platform.threads import parallel_work
from lib.platform.times import local_day_bounds, now_utc
from lib.venues.categories import CATEGORIES
from lib.venues.registry import CODE_ALPHABET

Progress = Callable[[float, str], None]

# The demo is Sa Đéc's by construction (its ward mapping, accounts, streets and venues), so it keeps its own
# codes rather than the server's CITY_* settings, whose defaults are the same city.
CITY_DISTRICT, PHUONG_1 = "867", "29905"

# username, role, full name, ward code (for the ward chair). Demo-only passwords: "sadec2021-" + username.
DEMO_ACCOUNTS = (
    ("demo_admin", "admin", "Quản trị hệ thống (demo)", None),
    ("vanhoa", "office", "Phòng Văn hoá – Thông tin", None),
    ("phuong1", "ward", "Chủ tịch UBND Phường 1", PHUONG_1),
    ("yte", "health", "Cán bộ Trung tâm Y tế", None),
    ("chosadec", "staff", "Nhân viên chợ Sa Đéc", None),
)


def demo_password(username: str) -> str:
    """The documented demo-only password of a demo account."""
    return f"sadec2021-{username}"


@dataclass(frozen=True)
class DemoSummary:
    people: int
    venues: int
    checkins: int
    declarations: int
    seconds: float


def _macros(cur: duckdb.DuckDBPyConnection, seed: int) -> None:
    """rnd(i, salt) in [0, 1) and pick(list, i, salt), both seeded and deterministic."""
    cur.execute(f"CREATE OR REPLACE TEMP MACRO rnd(i, salt) AS (hash(i, salt, {int(seed)}) % 1000003) / 1000003.0")
    cur.execute("CREATE OR REPLACE TEMP MACRO pick(xs, i, salt) AS xs[1 + floor(rnd(i, salt) * len(xs))::INTEGER]")


def _wards(cur: duckdb.DuckDBPyConnection, province_wide: bool) -> None:
    """demo_wards(wi, code): Sa Đéc's nine wards, or every ward of Đồng Tháp for a province-size load."""
    cur.execute(
        """
CREATE OR REPLACE TEMP TABLE demo_wards AS
SELECT row_number() OVER (ORDER BY u.code) - 1 AS wi, u.code, u.parent_code AS district_code
FROM admin_units u
JOIN admin_units d ON d.scheme = '2021' AND d.level = 'district' AND d.code = u.parent_code
WHERE u.scheme = '2021' AND u.level = 'ward' AND d.parent_code = $province
  AND ($province_wide OR u.parent_code = $district)
""",
        {"province": CITY_PROVINCE, "district": CITY_DISTRICT, "province_wide": province_wide},
    )


def _categories(cur: duckdb.DuckDBPyConnection) -> None:
    """demo_cats: each category's rhythm, pull and its slice [lo, hi) of the unit interval, by share of venues."""
    rows = []
    total = sum(r[0] for r in vocab.RHYTHMS.values())
    acc = 0.0
    for cat in CATEGORIES:
        weight, pull, start, span, second, weekend = vocab.RHYTHMS[cat.code]
        rows.append(
            (
                cat.code,
                acc / total,
                (acc + weight) / total,
                pull,
                start,
                span,
                second,
                weekend,
                cat.default_stay_minutes,
                cat.typical_capacity,
                cat.temporary,
                vocab.PREFIX[cat.code],
            )
        )
        acc += weight
    cur.execute(
        """
CREATE OR REPLACE TEMP TABLE demo_cats (
    code VARCHAR, lo DOUBLE, hi DOUBLE, pull DOUBLE, start_h DOUBLE, span_h DOUBLE, second_h DOUBLE, weekend DOUBLE,
    stay INTEGER, capacity INTEGER, temporary BOOLEAN, prefix VARCHAR
)
"""
    )
    cur.executemany("INSERT INTO demo_cats VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _venue_code_sql(expr: str) -> str:
    """Six characters of the look-alike-free alphabet from a number < 31^6."""
    parts = [f"substr('{CODE_ALPHABET}', (({expr}) // {31**k} % 31)::INTEGER + 1, 1)" for k in range(5, -1, -1)]
    return " || ".join(parts)


def _generate_venues(cur: duckdb.DuckDBPyConnection, count: int, seed: int, days: int, today: datetime) -> None:
    code = _venue_code_sql(f"(i * 104729 + {int(seed) % 1000} * 7919 + 1234567) % {31**6}")
    # the word lists are the vocabulary module's own constants, written in as SQL list literals
    places, streets = vocab.sql_list(vocab.PLACE_NAMES), vocab.sql_list(vocab.STREETS)
    family, middle, given = vocab.sql_list(vocab.FAMILY), vocab.sql_list(vocab.MIDDLE_M), vocab.sql_list(vocab.GIVEN_M)
    prefixes = vocab.sql_list(vocab.PHONE_PREFIXES)
    cur.execute(
        f"""
CREATE OR REPLACE TEMP TABLE demo_venues AS
SELECT i AS vi, {code} AS venue_id, c.code AS category, c.stay, c.temporary,
       c.start_h, c.span_h, c.second_h, c.weekend,
       -- how many visitors the venue draws: its category's pull, times a skewed factor (mean 1, up to 3.1)
       c.pull * (0.3 + 2.8 * pow(rnd(i, 'pop'), 3)) AS pull,
       c.prefix || ' ' || pick({places}, i, 'vn') AS name,
       w.code AS ward_code, w.district_code,
       (1 + floor(rnd(i, 'hn') * 350))::INTEGER::VARCHAR || ' ' || pick({streets}, i, 'st') AS address,
       pick({family}, i, 'rf') || ' ' || pick({middle}, i, 'rm') || ' ' || pick({given}, i, 'rg') AS registrant_name,
       pick({prefixes}, i, 'vp') || lpad(((i * 7919 + 13) % 10000000)::VARCHAR, 7, '0') AS registrant_phone,
       greatest(5, (c.capacity * (0.5 + rnd(i, 'cap')))::INTEGER) AS capacity,
       floor(rnd(i, 'ev') * $days)::INTEGER AS event_day,
       rnd(i, 'printed') < 0.85 AS printed, floor(rnd(i, 'chk') * 60)::INTEGER AS checked_days_ago,
       -- some venues never use their code, some stopped a week or two ago: what the compliance page is for
       CASE WHEN rnd(i, 'quiet') < 0.08 THEN 100000
            WHEN rnd(i, 'quiet') < 0.15 THEN 8 + floor(rnd(i, 'lapse') * 10)::INTEGER
            ELSE 0 END AS quiet_days
FROM range($n) t(i)
-- a golden-ratio sequence, not a random draw: each category's share of venues holds even in a small city
JOIN demo_cats c ON (i * 0.6180339887498949 + rnd(0, 'cat')) % 1 >= c.lo AND (i * 0.6180339887498949 + rnd(0, 'cat')) % 1 < c.hi
JOIN demo_wards w ON w.wi = floor(rnd(i, 'ward') * $wards)::BIGINT
""",
        {"n": count, "days": days, "wards": ward_count(cur)},
    )
    # vrank: the venue's place in venue_id order, so check-ins can be sorted by venue with an integer key;
    # draw_lo: where its slice of the unit interval starts, each slice as wide as the venue's share of the pull
    cur.execute(
        """
CREATE OR REPLACE TEMP TABLE demo_venues AS
SELECT *, row_number() OVER (ORDER BY venue_id) AS vrank,
       (sum(pull) OVER (ORDER BY vi ROWS UNBOUNDED PRECEDING) - pull) / sum(pull) OVER () AS draw_lo
FROM demo_venues
"""
    )
    cur.execute(
        """
INSERT INTO venues (venue_id, name, category, scheme, province_code, district_code, ward_code, address,
                    registrant_name, registrant_phone, capacity, default_stay_minutes, opening_hours, starts_at, ends_at,
                    status, code_version, code_printed_at, code_checked_at, created_at, updated_at)
SELECT venue_id, name, category, '2021', $province, district_code, ward_code, address, registrant_name,
       registrant_phone, capacity, stay, CASE WHEN temporary THEN NULL ELSE '06:00-22:00' END,
       CASE WHEN temporary THEN $today - to_days(event_day) + INTERVAL 6 HOUR END,
       CASE WHEN temporary THEN $today - to_days(event_day) + INTERVAL 22 HOUR END,
       CASE WHEN rnd(vi, 'status') < 0.02 THEN 'suspended' ELSE 'active' END, 1,
       CASE WHEN printed THEN $today - to_days($days + 5) END,
       CASE WHEN printed THEN $today - to_days(checked_days_ago) END,
       $today - to_days($days + 10), $today - to_days($days + 10)
FROM demo_venues
ORDER BY vi
""",
        {"province": CITY_PROVINCE, "today": today, "days": days},
    )


def _generate_cases(cur: duckdb.DuckDBPyConnection, today: datetime) -> None:
    """A few confirmed cases among people with a red declaration who also checked in somewhere."""
    rows = cur.execute(
        """
SELECT DISTINCT d.person_id
FROM declarations d
WHERE d.risk_level = 'red' AND d.person_id IN (SELECT person_id FROM checkins)
ORDER BY d.person_id
LIMIT 3
"""
    ).fetchall()
    first = reserve_ids(cur, "cases_seq", len(rows))
    for n, (person_id,) in enumerate(rows):
        cur.execute(
            "INSERT INTO cases (case_id, person_id, test_date, onset_date, status, notes)"
            " VALUES (?, ?, CAST(? AS DATE) - ?, CAST(? AS DATE) - ?, 'open', 'Ca bệnh dữ liệu mẫu')",
            [first + n, person_id, today.date(), n + 1, today.date(), n + 3],
        )


def _demo_users(cur: duckdb.DuckDBPyConnection) -> None:
    """One account per role; the staff member works at the first market of Phường 1."""
    for username, role, full_name, ward in DEMO_ACCOUNTS:
        existing = cur.execute("SELECT user_id FROM users WHERE username = ?", [username]).fetchone()
        user_id = (
            existing[0]
            if existing
            else create_user(
                cur,
                username,
                demo_password(username),
                role,
                full_name,
                ward_scheme="2021" if ward else None,
                ward_code=ward,
            )
        )
        if role == "staff":
            venue = cur.execute(
                "SELECT venue_id FROM venues ORDER BY status <> 'active', category <> 'market', ward_code <> $ward, venue_id LIMIT 1",
                {"ward": PHUONG_1},
            ).fetchone()
            if venue:
                assign_venue(cur, user_id, venue[0])


# what a demo city fills, children before the tables they point to (clear_demo deletes in this order)
DEMO_TABLES = ("checkins", "visits_by_person", "open_visits", "declarations", "risk_followups", "cases", "venue_staff")
DEMO_TABLES += ("people", "venues", "venue_hour_totals", "totals_state", "expected_venues")


def clear_demo(cur: duckdb.DuckDBPyConnection) -> None:
    """Remove venues, people and everything about them (for --replace); accounts and units stay."""
    for table in DEMO_TABLES:
        cur.execute(f"DELETE FROM {table}")


@parallel_work
def generate(
    cur: duckdb.DuckDBPyConnection,
    secret: str,
    people: int,
    venues: int,
    days: int,
    seed: int,
    checkins: int | None = None,
    replace: bool = False,
    province_wide: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Generate the demo city; raises ConflictError on a non-empty database unless `replace`."""
    if people <= 0 or venues <= 0 or days <= 0:
        raise InvalidInputError("err.demo_size")
    started = time.perf_counter()
    report = progress or (lambda _f, _s: None)
    now = now or now_utc()
    today, _ = local_day_bounds(now)
    target = checkins if checkins is not None else int(people * days * 0.5)
    admin_units.load_units(cur)
    if not scalar(cur.execute("SELECT count(*) FROM ward_mapping")):
        admin_units.import_ward_mapping(cur, admin_units.SA_DEC_MAPPING)
    has_data = scalar(cur.execute("SELECT (SELECT count(*) FROM venues) + (SELECT count(*) FROM people)"))
    if has_data and not replace:
        raise ConflictError("err.demo_not_empty")
    _macros(cur, seed)
    _wards(cur, province_wide)
    _categories(cur)
    with transaction(cur):
        if has_data:
            clear_demo(cur)
        report(0.05, "venues")
        _generate_venues(cur, venues, seed, days, today)
        report(0.15, "people")
        generate_people(cur, people, secret)
        report(0.35, "declarations")
        declarations = generate_declarations(cur, people, days, now)
        report(0.5, "checkins")
        visits = generate_visits(cur, target, people, days, now, today)
        storage_order.copy_days(cur, storage_order.last_settled_day(now), now)  # already in venue order; copied by person
        open_visits.rebuild(cur, now - timedelta(hours=MAX_STAY_HOURS + 1))  # what the door needs of the last day
        report(0.9, "cases and accounts")
        _generate_cases(cur, today)
        _demo_users(cur)
    for table in ("demo_decl", "demo_people", "demo_hh", "demo_venues", "demo_cats", "demo_wards"):
        cur.execute(f"DROP TABLE IF EXISTS {table}")
    hourly_totals.refresh(cur, now, lambda share: report(0.9 + 0.1 * share, "totals"))
    cur.execute("CHECKPOINT")
    report(1.0, "done")
    return DemoSummary(people, venues, visits, declarations, round(time.perf_counter() - started, 2))
