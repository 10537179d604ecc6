"""The door: every kind of presented code gives a clear result, never a crash."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.access.scope import scope_for
from lib.checkins import door, door_status
from lib.codes import tokens
from lib.people import households
from lib.platform.errors import InvalidInputError
from lib.venues import lookup, posters
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


def test_red_person_is_held_until_the_guard_decides_and_both_choices_are_recorded(setup):
    database, _, staff, market, family = setup
    with database.cursor() as cur:
        held = door.handle_payload(cur, staff, SECRET, market, family[0].token)
        assert (held.kind, held.masked_name, held.risk_level, held.instruction) == ("red_hold", "HỒ V** T**", "red", "door.do_declaration")
        assert cur.execute("SELECT count(*) FROM checkins").fetchone()[0] == 0  # nothing recorded while held
        away = door.decide(cur, staff, market, family[0].person_id, door.REFUSE)
        assert away.kind == "turned_away" and cur.execute("SELECT count(*) FROM checkins").fetchone()[0] == 0
        again = door.handle_payload(cur, staff, SECRET, market, family[0].token)  # the code still held up
        assert again.kind == "already_turned_away" and door.same_event(away, again)
        first = door.decide(cur, staff, market, family[0].person_id, door.ADMIT)
        assert (first.kind, first.masked_name, first.risk_level, first.reasons) == ("checked_in", "HỒ V** T**", "red", ("symptoms",))
        assert first.relatives == (door.Relative(family[1].person_id, "HỒ G** B**", "green"),)
        decisions = cur.execute("SELECT decision, instruction, checkin_id, recorded_by FROM door_decisions ORDER BY decision_id").fetchall()
        assert decisions == [
            ("refuse", "declaration", None, staff.user_id),
            ("admit", "declaration", first.outcome.checkin_id, staff.user_id),
        ]
        assert door.handle_payload(cur, staff, SECRET, market, family[0].token).kind == "already_in"
        child = door.record(cur, staff, market, family[1].person_id, "auto", "staff_scan")
        assert child.kind == "checked_in" and child.relatives == () and child.instruction == "door.do_green"


def test_open_case_scans_red_with_the_isolation_instruction(setup):
    from lib.tracing import cases

    database, _, staff, market, family = setup
    with database.cursor() as cur:
        health = build.health(cur)
        child = family[1].person_id  # declared green
        assert door.record(cur, staff, market, child, "auto", "staff_scan").kind == "checked_in"
        case_id = cases.create_case(cur, health, cases.CaseInput(child, family[1].declared_at.date()))
        status = door_status.status_of(cur, child)
        assert (status.risk_level, status.cause, status.door_instruction, status.resident_advice) == (
            "red",
            "case",
            "door.do_case",
            "status.do_case",
        )
        leaving = door.record(cur, staff, market, child, "auto", "staff_scan", window_seconds=0)
        assert leaving.kind == "checked_out"  # a red person inside may always leave
        coming = door.handle_payload(cur, staff, SECRET, market, family[1].token, window_seconds=0)
        assert (coming.kind, coming.risk_level, coming.instruction) == ("red_hold", "red", "door.do_case")
        cases.close_case(cur, health, case_id)
        assert door_status.status_of(cur, child).risk_level == "green"


def test_decisions_refused_outside_scope_and_bad_choice(setup):
    database, office, _, market, family = setup
    with database.cursor() as cur:
        stranger = build.staff(cur, (), "staff2")
        assert door.decide(cur, stranger, market, family[0].person_id, door.REFUSE).kind == "refused"
        assert cur.execute("SELECT count(*) FROM door_decisions").fetchone()[0] == 0
        with pytest.raises(InvalidInputError, match="Choose admit"):
            door.decide(cur, office, market, family[0].person_id, "maybe")


def test_card_holder_registered_and_recorded_in_one_call_gets_a_code(setup):
    database, _, staff, market, _ = setup
    card_text = "087190123456||ĐẶNG THỊ LỤA|05061990|Nữ|Sa Đéc|01022022"
    with database.cursor() as cur:
        unknown = door.handle_payload(cur, staff, SECRET, market, card_text)
        result = door.register_card_holder(cur, staff, SECRET, market, unknown.card)
        assert result.kind == "checked_in" and result.personal_code
        assert households.verify_personal_code(cur, SECRET, result.personal_code) == result.person_id
        method = cur.execute("SELECT method FROM checkins WHERE checkin_id = ?", [result.outcome.checkin_id]).fetchone()[0]
        assert method == "id_card"
        stranger = build.staff(cur, (), "staff3")
        assert door.register_card_holder(cur, stranger, SECRET, market, unknown.card).kind == "refused"


def test_refusals_are_results_not_crashes(setup):
    database, office, staff, market, family = setup
    with database.cursor() as cur:
        venue = lookup.get_venue(cur, scope_for(office), market)
        poster = tokens.venue_url("http://x", posters.venue_token(SECRET, venue))
        households.revoke_code(cur, family[1].person_id)
        for payload, key in (
            (poster, "door.venue_code"),
            (build.forged(family[0].token), "code.forged"),
            (family[1].token, "code.revoked"),
            ("hello", "code.foreign"),
            ("https://other.example/checkin?v=1", "code.foreign_link"),
            (poster.replace("http://x", "https://other.example"), "code.foreign_link"),
        ):
            result = door.handle_payload(cur, staff, SECRET, market, payload, public_url="http://x")
            assert (result.kind, result.message_key) == ("refused", key), payload


def test_id_cards_known_and_unknown(setup):
    database, _, staff, market, family = setup
    with database.cursor() as cur:
        held = door.handle_payload(cur, staff, SECRET, market, "087080123456||HỒ VĂN TÂM|01011980|Nam|Sa Đéc|01012022")
        assert (held.kind, held.person_id, held.method) == ("red_hold", family[0].person_id, "id_card")
        known = door.decide(cur, staff, market, held.person_id, door.ADMIT, method=held.method)
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
    assert result.kind in ("refused", "unknown_card", "checked_in", "already_in", "checked_out", "red_hold", "already_turned_away")


def test_status_unknown_without_declaration(setup):
    database, *_ = setup
    with database.cursor() as cur:
        assert door_status.status_of(cur, 999) == door_status.Status("", "", (), "")


def test_manual_lookup_needs_birth_year_and_phone_or_id_digits(setup):
    from lib.checkins import visitor_lookup
    from lib.platform.errors import InvalidInputError

    database, _, staff, market, family = setup
    with database.cursor() as cur:
        find = lambda *a, **k: visitor_lookup.look_up_visitor(cur, staff, SECRET, market, *a, **k)  # noqa: E731
        owner = find(1980, phone="+84 912 345 678")
        assert (owner.person_id, owner.masked_name) == (family[0].person_id, "HỒ V** T**")
        assert owner.instruction.startswith("door.do_")
        assert find(2018, phone="0912345678").person_id == family[1].person_id
        assert find(1980, id_last4="3456").person_id == family[0].person_id
        assert find(1981, phone="0912345678") is None
        with pytest.raises(InvalidInputError):
            find(1980)


def test_self_check_in_limits_and_burst_flag(setup):
    from datetime import UTC, datetime, timedelta

    from lib.access import rate_limits
    from lib.checkins import self_checkin
    from lib.platform.errors import ConflictError

    database, office, _, market, family = setup
    SECRET_ = "s"
    DEV1, DEV2 = rate_limits.client(SECRET_, "203.0.113.1"), rate_limits.client(SECRET_, "203.0.113.2")
    t0 = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    with database.cursor() as cur:
        others = [build.venue(cur, office, f"Quán {n}", "restaurant", address=f"{n} Lê Lợi") for n in range(2)]
        child = family[1].person_id  # green: a red person's own check-in is never recorded
        self_checkin.self_check_in(cur, market, child, DEV1, SECRET_, now=t0)
        self_checkin.self_check_in(cur, others[0], child, DEV1, SECRET_, now=t0 + timedelta(minutes=1))
        third = self_checkin.self_check_in(cur, others[1], child, DEV1, SECRET_, now=t0 + timedelta(minutes=2))
        flags = cur.execute("SELECT flagged FROM checkins WHERE person_id = ? ORDER BY checked_in_at", [child]).fetchall()
        assert third.kind == "checked_in" and [f[0] for f in flags] == [False, False, True]
        for _ in range(self_checkin.MAX_PER_CLIENT - 3):
            self_checkin.self_check_in(cur, market, family[1].person_id, DEV1, SECRET_, now=t0 + timedelta(minutes=3))
        with pytest.raises(ConflictError, match="Too many check-ins"):
            self_checkin.self_check_in(cur, market, family[1].person_id, DEV1, SECRET_, now=t0 + timedelta(minutes=4))
        assert self_checkin.self_check_in(cur, market, family[1].person_id, DEV2, SECRET_, now=t0 + timedelta(minutes=20)).kind in (
            "checked_in",
            "checked_out",
        )


def test_a_red_person_checking_in_from_a_poster_by_themselves_is_not_admitted(setup):
    from lib.access.rate_limits import Client
    from lib.checkins import self_checkin
    from lib.tracing import cases

    database, _, staff, market, family = setup
    phone = Client("phone-1")
    with database.cursor() as cur:
        red = family[0].person_id  # declared with symptoms
        refused = self_checkin.self_check_in(cur, market, red, phone, SECRET)
        assert (refused.kind, refused.risk_level, refused.instruction) == ("self_refused", "red", "status.do_declaration")
        assert cur.execute("SELECT count(*) FROM checkins").fetchone()[0] == 0
        again = self_checkin.self_check_in(cur, market, red, phone, SECRET)  # a second tap: the same refusal
        assert again.kind == "self_refused"
        rows = cur.execute("SELECT person_id, venue_id, decision, instruction, checkin_id, recorded_by FROM door_decisions").fetchall()
        assert rows == [(red, market, "refuse", "declaration", None, None)]
        # a confirmed case whose latest declaration is green is red too
        health = build.health(cur)
        child = family[1].person_id
        cases.create_case(cur, health, cases.CaseInput(child, family[1].declared_at.date()))
        case = self_checkin.self_check_in(cur, market, child, phone, SECRET)
        assert (case.kind, case.instruction) == ("self_refused", "status.do_case")
        assert cur.execute("SELECT count(*) FROM checkins").fetchone()[0] == 0
        # admitted by the guard, the red person may still check themselves out
        assert door.decide(cur, staff, market, red, door.ADMIT).kind == "checked_in"
        assert self_checkin.self_check_in(cur, market, red, phone, SECRET, now=_later(cur, red)).kind == "checked_out"


def _later(cur, person_id):
    from datetime import timedelta

    at = cur.execute("SELECT checked_in_at FROM checkins WHERE person_id = ?", [person_id]).fetchone()[0]
    return at + timedelta(minutes=30)


def test_prompts_wait_for_the_guard_until_settled_and_a_newer_result_of_the_same_person_supersedes():
    from dataclasses import replace
    from datetime import date

    from lib.checkins import rules
    from lib.codes import id_cards

    card = id_cards.CardData("087195123457", "Phan Thị Mai", date(1995, 6, 5), "Nữ", "Sa Đéc")
    unknown = door.DoorResult(door.UNKNOWN_CARD, "door.unknown_card", card=card)
    owner = door.DoorResult(rules.CHECKED_IN, "door.checked_in", 7, relatives=(door.Relative(8, "L** G** H**", "red"),))
    held = door.DoorResult(door.RED_HOLD, "door.red_hold", 9, risk_level="red")
    routine = door.DoorResult(rules.CHECKED_IN, "door.checked_in", 10)
    newest_first = [routine, held, owner, unknown, unknown]  # the card shown twice before registration
    assert door.waiting_for_guard(newest_first) == [held, owner, unknown]
    assert door.waiting_for_guard([replace(held, settled=True), owner]) == [owner]
    checked_out = door.DoorResult(rules.CHECKED_OUT, "door.checked_out", 7)
    assert door.waiting_for_guard([checked_out, owner]) == []  # left meanwhile: nothing to tick any more
    again = door.as_repeat_of(replace(owner, settled=True), replace(owner, kind=rules.ALREADY_IN, relatives=()))
    assert again.settled and not door.waits_for_guard(again)  # the same code held again asks nothing new


def test_only_a_household_owner_is_read_for_relatives(setup, monkeypatch):
    """The son's own code offers no relatives, and his check-in does not read the household (a statement per
    check-in for everyone who owns none); the owner is read and offered his son."""
    database, _, staff, market, family = setup
    owner, son = family[0].person_id, family[1].person_id
    read: list[int] = []
    statuses = door_status.household_statuses
    monkeypatch.setattr(door_status, "household_statuses", lambda cur, pid: read.append(pid) or statuses(cur, pid))
    with database.cursor() as cur:
        assert door_status.status_of(cur, owner).owns_household and not door_status.status_of(cur, son).owns_household
        son_result = door.record(cur, staff, market, son, "auto", "staff_scan")
        assert son_result.kind == "checked_in" and son_result.relatives == () and read == []
        owner_result = door.record(cur, staff, market, owner, "auto", "staff_scan", decided=True)
        assert [r.person_id for r in owner_result.relatives] == [son] and read == [owner]
