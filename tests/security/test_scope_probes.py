"""Every scoped lib query, and every analytics page, called as a ward chair of each ward (2021 and 2025 schemes)
and as venue staff, against the whole demo city: nothing of another ward or venue comes back, totals equal
those of the user's own ward, and changes to others' rows are refused. The number of probes is printed."""

from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from lib.access import accounts
from lib.access.scope import scope_for
from lib.analytics import compliance, footfall, home, hourly_totals
from lib.checkins import visits
from lib.platform.config import PROJECT_ROOT
from lib.platform.errors import AppError
from lib.platform.times import now_utc, to_local
from lib.tracing import risk_queue
from lib.ui import session
from lib.venues import lookup, posters
from tests import builders as build
from tests.conftest import tally


@pytest.fixture(scope="module")
def city(demo_db):
    """A chair for every ward of the demo city in its scheme, the 2025 chair of Phường Sa Đéc, and staff of
    three venues; with each one's set of allowed ward codes (or venue ids)."""
    with demo_db.cursor() as cur:
        hourly_totals.ensure_fresh(cur)
        wards = [r[0] for r in cur.execute("SELECT DISTINCT ward_code FROM venues ORDER BY 1").fetchall()]
        users = []
        for n, ward in enumerate(wards):
            uid = accounts.create_user(cur, f"probe_ward{n}", "probe-password-1", "ward", f"Chủ tịch {ward}", "2021", ward)
            users.append((accounts.load_user(cur, uid), {ward}))
        merged = {r[0] for r in cur.execute("SELECT old_ward_code FROM ward_mapping WHERE new_ward_code = '29905'").fetchall()}
        uid = accounts.create_user(cur, "probe_sadec", "probe-password-1", "ward", "Chủ tịch Phường Sa Đéc", "2025", "29905")
        users.append((accounts.load_user(cur, uid), merged))
        staff_venues = [r[0] for r in cur.execute("SELECT venue_id FROM venues ORDER BY venue_id LIMIT 3").fetchall()]
        uid = accounts.create_user(cur, "probe_staff", "probe-password-1", "staff", "Nhân viên")
        for venue in staff_venues:
            accounts.assign_venue(cur, uid, venue)
        ward_of = dict(cur.execute("SELECT venue_id, ward_code FROM venues").fetchall())
        staff = accounts.load_user(cur, uid)
        office = accounts.load_user(cur, cur.execute("SELECT user_id FROM users WHERE username = 'vanhoa'").fetchone()[0])
    return demo_db, users, (staff, set(staff_venues)), ward_of, office


def _month():
    today = to_local(now_utc()).date()
    return footfall.Filters(today - timedelta(days=29), today)


def _queries(options):
    """name -> (function of (cur, scope), column holding a ward code or venue id)"""
    month, now = _month(), now_utc()
    return {
        "venues.list_venues": (lambda c, s: lookup.list_venues(c, s), "ward_code"),
        "checkins.list_checkins": (lambda c, s: visits.list_checkins(c, s, now - timedelta(days=30), now), "venue_id"),
        "checkins.open_visits": (lambda c, s: visits.open_visits(c, s, now), "venue_id"),
        "analytics.checkins_by_ward": (lambda c, s: home.checkins_by_ward(c, s, now - timedelta(days=30), now), "ward_code"),
        "footfall.top_venues": (lambda c, s: footfall.top_venues(c, s, month, 500), "venue_id"),
        "footfall.by_ward": (lambda c, s: footfall.by_ward(c, s, month), "ward_code"),
        "footfall.over_capacity": (lambda c, s: footfall.over_capacity(c, s, month), "venue_id"),
        "compliance.ward_summary": (lambda c, s: compliance.ward_summary(c, s, options), None),
        "compliance.follow_up": (lambda c, s: compliance.follow_up(c, s, options), "venue_id"),
        "compliance.by_category": (lambda c, s: compliance.by_category(c, s, options), None),
        "risk_queue.queue": (lambda c, s: risk_queue.queue(c, s, risk_queue.QueueFilters(risk_queue.STATUSES)), "person"),
    }


def _leaks(frame, column, allowed, ward_of, person_ward, venue_scope):
    if column is None or frame.empty:
        return 0
    if column == "person":
        return int((~frame["person_id"].map(person_ward).isin(allowed)).sum()) if not venue_scope else 0
    values = frame[column] if column == "ward_code" else frame[column].map(ward_of if not venue_scope else lambda v: v)
    return int((~values.isin(allowed)).sum())


def test_every_scoped_query_as_every_chair_and_staff(city):
    database, users, (staff, staff_venues), ward_of, office = city
    probes = leaks = 0
    with database.cursor() as cur:
        person_ward = dict(cur.execute("SELECT person_id, ward_code FROM people").fetchall())
        # footfall by ward reports an old ward under the 2025 ward it went into (whole, or else the lowest code)
        ward_now = dict(
            cur.execute(
                "SELECT old_ward_code, coalesce(min(new_ward_code) FILTER (WHERE merge_type = 'full'), min(new_ward_code))"
                " FROM ward_mapping GROUP BY old_ward_code"
            ).fetchall()
        )
        city_totals = footfall.per_day(cur, scope_for(office), _month())["checkins"].sum()
        chair_totals = 0
        for user, allowed in users:
            scope = scope_for(user)
            for name, (query, column) in _queries(compliance.Options(user.ward_scheme)).items():
                frame = query(cur, scope)
                probes += 1
                if name.startswith("compliance.") and column is None:
                    mapped = "29905" if user.ward_scheme == "2025" else None
                    leaks += int((~frame["ward_code"].isin({mapped} if mapped else allowed)).sum())
                elif name == "footfall.by_ward":
                    leaks += _leaks(frame, column, {ward_now.get(w, w) for w in allowed}, ward_of, person_ward, False)
                else:
                    leaks += _leaks(frame, column, allowed, ward_of, person_ward, False)
            own = footfall.per_day(cur, scope, _month())["checkins"].sum()
            truth = cur.execute(
                "SELECT coalesce(sum(checkins), 0) FROM venue_hour_totals WHERE day BETWEEN ? AND ? AND list_contains(?, ward_code)",
                [_month().since, _month().until, sorted(allowed)],
            ).fetchone()[0]
            probes += 1
            leaks += int(own != truth)
            if user.ward_scheme == "2021":
                chair_totals += own
        scope = scope_for(staff)
        for name, (query, column) in _queries(compliance.Options("2021")).items():
            if name.startswith(("compliance.", "risk_queue.")):
                continue  # staff cannot open these pages; their scope still holds below
            frame = query(cur, scope)
            probes += 1
            leaks += _leaks(frame, column if column != "ward_code" else None, staff_venues, ward_of, person_ward, True)
    tally("scope probes (role x target x query)", probes=probes, leaks=leaks)
    assert leaks == 0 and chair_totals == city_totals  # the chairs' totals add up to the city's: nothing lost either


def test_changes_to_another_wards_rows_are_refused(city):
    database, users, (_staff, _staff_venues), ward_of, _office = city
    refused = tried = 0
    with database.cursor() as cur:
        followups = dict(cur.execute("SELECT f.followup_id, p.ward_code FROM risk_followups f JOIN people p USING (person_id)").fetchall())
        for user, allowed in users[:-1]:
            foreign_venue = next(v for v, w in ward_of.items() if w not in allowed)
            foreign_item = next((f for f, w in followups.items() if w not in allowed), None)
            attempts = [(lookup.get_venue, (cur, scope_for(user), foreign_venue)), (posters.rotate_code, (cur, user, foreign_venue))]
            if foreign_item is not None:
                attempts.append((risk_queue.update, (cur, user, foreign_item, "cleared", None, None)))
            for function, args in attempts:
                tried += 1
                with pytest.raises(AppError):
                    function(*args)
                refused += 1
    tally("scope write probes", tried=tried, refused=refused, allowed=tried - refused)
    assert tried == refused


@pytest.mark.parametrize("page", ["footfall", "compliance", "risk", "venues"])
def test_pages_as_a_ward_chair_show_only_their_ward(city, demo_env, page):
    """On the test's own copy of the city (a page run writes the chair's session): the same venues and wards as
    the probes' copy, so the first probe chair's allowed wards hold here too."""
    _database, users, _, ward_of, _ = city
    probe, allowed = users[0]
    with demo_env.cursor() as cur:
        hourly_totals.ensure_fresh(cur)
        user = build.ward_chair(cur, probe.ward_code, "probe_page")
    at = AppTest.from_file(str(PROJECT_ROOT / "views" / f"{page}.py"), default_timeout=60)
    at.session_state[session.USER] = user
    at.session_state[session.LAST_SEEN] = now_utc()
    at.run()
    for box in at.text_input:  # a page that lists people asks why first (issue 17, item 10)
        if box.key and box.key.endswith(".purpose"):
            box.input("Kiểm tra phạm vi").run()
    assert not at.exception
    seen = set()
    for frame in (d.value for d in at.dataframe):
        if "ward_code" in frame.columns:
            seen |= set(frame["ward_code"])
        if "venue_id" in frame.columns:
            seen |= {ward_of.get(v, v) for v in frame["venue_id"]}
    tally("scope page probes", pages=1, foreign_wards_seen=len(seen - allowed))
    assert seen <= allowed
