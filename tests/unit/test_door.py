"""The door: every kind of presented code gives a clear result, never a crash."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.access.scope import scope_for
from lib.checkins import door
from lib.codes import tokens
from lib.people import households
from lib.venues import posters, registry
from tests import builders as build

SECRET = "sec"


@pytest.fixture
def setup(fresh_db):
    with fresh_db.cursor() as cur:
        office = build.office(cur)
        market = build.venue(cur, office, "Chợ", "market", address="1 Lê Lợi")
        staff = build.staff(cur, (market,))
        family = build.household(cur, SECRET)
    return fresh_db, office, staff, market, family


def test_personal_code_checks_in_then_out_with_status_in_words(setup):
    database, _, staff, market, family = setup
    with database.cursor() as cur:
        first = door.handle_payload(cur, staff, SECRET, market, family[0].token)
        assert (first.kind, first.masked_name, first.risk_level, first.reasons) == ("checked_in", "HỒ V** T**", "red", ("symptoms",))
        assert first.relatives == ((family[1].person_id, "HỒ G** B**"),)
        assert door.handle_payload(cur, staff, SECRET, market, family[0].token).kind == "already_in"
        child = door.record(cur, staff, market, family[1].person_id, "auto", "staff_scan")
        assert child.kind == "checked_in" and child.relatives == ()


def test_refusals_are_results_not_crashes(setup):
    database, office, staff, market, family = setup
    with database.cursor() as cur:
        venue = registry.get_venue(cur, scope_for(office), market)
        poster = tokens.venue_url("http://x", posters.venue_token(SECRET, venue))
        households.revoke_code(cur, family[1].person_id)
        for payload, key in (
            (poster, "door.venue_code"),
            (family[0].token[:-2] + "zz", "code.forged"),
            (family[1].token, "code.revoked"),
            ("hello", "code.foreign"),
            ("https://other.example/checkin?v=1", "code.foreign"),
        ):
            result = door.handle_payload(cur, staff, SECRET, market, payload)
            assert (result.kind, result.message_key) == ("refused", key), payload


def test_id_cards_known_and_unknown(setup):
    database, _, staff, market, family = setup
    with database.cursor() as cur:
        known = door.handle_payload(cur, staff, SECRET, market, "087080123456||HỒ VĂN TÂM|01011980|Nam|Sa Đéc|01012022")
        assert known.kind == "checked_in" and known.person_id == family[0].person_id
        assert cur.execute("SELECT method FROM checkins WHERE checkin_id = ?", [known.outcome.checkin_id]).fetchone()[0] == "id_card"
        unknown = door.handle_payload(cur, staff, SECRET, market, "087190123456||ĐẶNG THỊ LỤA|05061990|Nữ|Sa Đéc|01022022")
        assert unknown.kind == "unknown_card" and unknown.card.full_name == "ĐẶNG THỊ LỤA"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_payload_gives_a_result(setup, payload):
    database, _, staff, market, _ = setup
    with database.cursor() as cur:
        result = door.handle_payload(cur, staff, SECRET, market, payload)
    assert result.kind in ("refused", "unknown_card", "checked_in", "already_in", "checked_out")


def test_status_unknown_without_declaration(setup):
    database, *_ = setup
    with database.cursor() as cur:
        assert door.status_of(cur, 999) == ("", "", ())


def test_manual_lookup_needs_birth_year_and_phone_or_id_digits(setup):
    database, _, _, _, family = setup
    with database.cursor() as cur:
        assert door.find_without_code(cur, 1980, phone="+84 912 345 678") == [(family[0].person_id, "HỒ V** T**")]
        assert door.find_without_code(cur, 2018, phone="0912345678") == [(family[1].person_id, "HỒ G** B**")]
        assert door.find_without_code(cur, 1980, id_last4="3456") == [(family[0].person_id, "HỒ V** T**")]
        assert door.find_without_code(cur, 1981, phone="0912345678") == []
        assert door.find_without_code(cur, 1980) == []


def test_self_check_in_limits_and_burst_flag(setup):
    from datetime import UTC, datetime, timedelta

    from lib.checkins import self_checkin
    from lib.platform.errors import ConflictError

    database, office, _, market, family = setup
    t0 = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    with database.cursor() as cur:
        others = [build.venue(cur, office, f"Quán {n}", "restaurant", address=f"{n} Lê Lợi") for n in range(2)]
        self_checkin.self_check_in(cur, market, family[0].person_id, "dev1", now=t0)
        self_checkin.self_check_in(cur, others[0], family[0].person_id, "dev1", now=t0 + timedelta(minutes=1))
        third = self_checkin.self_check_in(cur, others[1], family[0].person_id, "dev1", now=t0 + timedelta(minutes=2))
        flags = cur.execute("SELECT flagged FROM checkins WHERE person_id = ? ORDER BY checked_in_at", [family[0].person_id]).fetchall()
        assert third.kind == "checked_in" and [f[0] for f in flags] == [False, False, True]
        for _ in range(self_checkin.MAX_PER_DEVICE - 3):
            self_checkin.self_check_in(cur, market, family[1].person_id, "dev1", now=t0 + timedelta(minutes=3))
        with pytest.raises(ConflictError, match="Too many check-ins"):
            self_checkin.self_check_in(cur, market, family[1].person_id, "dev1", now=t0 + timedelta(minutes=4))
        assert self_checkin.self_check_in(cur, market, family[1].person_id, "dev2", now=t0 + timedelta(minutes=20)).kind in (
            "checked_in",
            "checked_out",
        )
