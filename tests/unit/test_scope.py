"""Scope: a ward chair's (or staff member's) query never returns rows of another ward (or venue)."""

import inspect
from datetime import timedelta

import pytest

from lib.access.scope import CITY, Scope, scope_for
from lib.access.users import User
from lib.analytics import home
from lib.checkins import visits
from lib.people import directory
from lib.platform.errors import NotFoundError, PermissionDeniedError
from lib.platform.times import now_utc
from lib.venues import lookup

PHUONG_1 = Scope("ward", "2021", "29905")
SA_DEC_2025 = Scope("ward", "2025", "29905")  # Phường Sa Đéc: eight old wards merged
TAN_DUONG_2025 = Scope("ward", "2025", "30214")  # took in Xã Tân Phú Đông (29923)
CITY_SCOPE = Scope(CITY)
WEEK = timedelta(days=8)

SCOPED_FUNCTIONS = {
    "lookup.list_venues",
    "lookup.count_venues",
    "lookup.get_venue",
    "lookup.wards_in_scope",
    "visits.list_checkins",
    "visits.count_checkins",
    "visits.people_inside",
    "visits.open_visits",
    "directory.list_people",
    "home.pending_reviews",
    "home.headline",
    "home.checkins_by_ward",
    "home.checkins_per_day",
    "home.arrivals_per_hour",
}


def test_every_scoped_query_function_is_covered_here():
    found = {
        f"{module.__name__.split('.')[-1]}.{name}"
        for module in (lookup, visits, directory, home)
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module.__name__ and "scope" in inspect.signature(fn).parameters
    }
    assert found == SCOPED_FUNCTIONS


@pytest.mark.parametrize(
    ("scope", "offered"),
    [(PHUONG_1, [("2025", "29905", "Phường Sa Đéc")]), (TAN_DUONG_2025, [("2025", "30214", "Xã Tân Dương")])],
    ids=["phuong1", "tanduong2025"],
)
def test_the_ward_filter_offers_only_the_scopes_wards_as_they_are_today(demo_db, scope, offered):
    with demo_db.cursor() as cur:
        assert lookup.wards_in_scope(cur, scope) == offered
        everywhere = lookup.wards_in_scope(cur, CITY_SCOPE)
    assert [w[:2] for w in everywhere] == [("2025", "29905"), ("2025", "30214")]


def _wards_of(cur, scope):
    """Ward codes (2021) that the scope should see, computed independently of lib.access.scope."""
    if scope.ward_scheme == "2021":
        return {scope.ward_code}
    return {r[0] for r in cur.execute("SELECT old_ward_code FROM ward_mapping WHERE new_ward_code = ?", [scope.ward_code]).fetchall()}


@pytest.mark.parametrize("scope", [PHUONG_1, SA_DEC_2025, TAN_DUONG_2025], ids=["phuong1", "sadec2025", "tanduong2025"])
def test_ward_rows_only(demo_db, scope):
    now = now_utc()
    with demo_db.cursor() as cur:
        wards = _wards_of(cur, scope)
        listed = lookup.list_venues(cur, scope)
        assert len(listed) > 0 and set(listed["ward_code"]) <= wards
        outside = cur.execute("SELECT venue_id FROM venues WHERE NOT list_contains(?, ward_code) LIMIT 1", [sorted(wards)]).fetchone()[0]
        assert lookup.get_venue(cur, scope, listed["venue_id"][0]).ward_code in wards
        with pytest.raises(NotFoundError):
            lookup.get_venue(cur, scope, outside)
        assert lookup.count_venues(cur, scope) == int(
            cur.execute("SELECT count(*) FROM venues WHERE status <> 'closed' AND list_contains(?, ward_code)", [sorted(wards)]).fetchone()[
                0
            ]
        )
        listed = visits.list_checkins(cur, scope, now - WEEK, now)
        assert len(listed) > 0 and set(listed["ward_code"]) <= wards
        expected_visits = cur.execute(
            "SELECT count(*) FROM checkins c JOIN venues v USING (venue_id) WHERE list_contains(?, v.ward_code)"
            " AND c.checked_in_at >= ? AND c.checked_in_at < ?",
            [sorted(wards), now - WEEK, now],
        ).fetchone()[0]
        assert visits.count_checkins(cur, scope, now - WEEK, now) == expected_visits
        residents = directory.list_people(cur, scope)
        assert len(residents) > 0 and set(residents["ward_code"]) <= wards
        by_ward = home.checkins_by_ward(cur, scope, now - WEEK, now)
        assert set(by_ward["ward_code"]) <= wards and by_ward["checkins"].sum() == expected_visits
        assert home.checkins_per_day(cur, scope, 8, now)["checkins"].sum() >= expected_visits
        pending = home.pending_reviews(cur, scope)
        assert (
            pending
            == cur.execute(
                "SELECT count(*) FROM declarations d JOIN people p USING (person_id) WHERE list_contains(?, p.ward_code)"
                " AND d.risk_level <> 'green' AND d.reviewed_at IS NULL",
                [sorted(wards)],
            ).fetchone()[0]
        )
        hourly = home.arrivals_per_hour(cur, scope, now)
        assert len(hourly) == 24 and hourly["checkins"].sum() <= visits.count_checkins(cur, CITY_SCOPE, now - WEEK, now)
        open_now = visits.open_visits(cur, scope, now)
        assert set(open_now["venue_id"]) <= set(lookup.list_venues(cur, scope)["venue_id"])
        inside = visits.people_inside(cur, scope, now)
        assert inside <= visits.people_inside(cur, CITY_SCOPE, now)
        head = home.headline(cur, scope, now)
        city = home.headline(cur, CITY_SCOPE, now)
        assert head.venues < city.venues and head.pending_review <= city.pending_review


def test_2021_chair_does_not_see_wards_merged_with_theirs(demo_db):
    with demo_db.cursor() as cur:
        merged = lookup.list_venues(cur, SA_DEC_2025)
        own = lookup.list_venues(cur, PHUONG_1)
    assert len(merged) > len(own)
    assert set(own["ward_code"]) == {"29905"}


def test_staff_sees_only_assigned_venues(demo_db):
    with demo_db.cursor() as cur:
        some = [r[0] for r in cur.execute("SELECT venue_id FROM venues ORDER BY venue_id LIMIT 2").fetchall()]
        scope = Scope("venues", venue_ids=tuple(some))
        assert set(lookup.list_venues(cur, scope)["venue_id"]) == set(some)
        now = now_utc()
        assert set(visits.list_checkins(cur, scope, now - WEEK, now)["venue_id"]) <= set(some)
        nobody = Scope("venues", venue_ids=())
        assert lookup.list_venues(cur, nobody).empty
        assert visits.count_checkins(cur, nobody, now - WEEK, now) == 0
        assert directory.list_people(cur, nobody).empty


def test_scope_for_roles():
    assert scope_for(User(1, "a", "A", "office")).kind == CITY
    assert scope_for(User(1, "a", "A", "health")).kind == CITY
    assert scope_for(User(1, "a", "A", "ward", "2021", "29905")) == PHUONG_1
    assert scope_for(User(1, "a", "A", "staff", venue_ids=("X",))).venue_ids == ("X",)
    with pytest.raises(PermissionDeniedError):
        scope_for(User(1, "a", "A", "ward"))
