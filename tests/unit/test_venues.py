"""Venue registry: validation messages per field, duplicates, scope on every read and write, codes."""

import dataclasses
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.access.scope import scope_for
from lib.codes import tokens
from lib.platform.errors import ConflictError, FormErrors, InvalidInputError, NotFoundError
from lib.platform.validation import normalize_phone
from lib.venues import lookup, posters, registry
from tests import builders as build

PASSWORD = "long-password-1"


def _users(cur):
    return build.office(cur), build.ward_chair(cur), build.ward_chair(cur, build.PHUONG_2, "ward2")


def _input(**changes):
    base = dict(
        name="Chợ Phường 1",
        category="market",
        scheme="2021",
        province_code="87",
        district_code="867",
        ward_code="29905",
        address="12 Nguyễn Huệ",
        registrant_name="Nguyễn Văn An",
        registrant_phone="+84 912 345 678",
        capacity=300,
    )
    return registry.VenueInput(**{**base, **changes})


@pytest.mark.parametrize("raw", ["0912345678", "+84 912 345 678", "84912345678", "0912.345.678", "091-234-5678", "912345678"])
def test_phone_formats_normalise(raw):
    assert normalize_phone(raw) == "0912345678"


@pytest.mark.parametrize("raw", ["0123456789", "091234567", "+1 212 555 0100", "abc"])
def test_bad_phones_are_refused(raw):
    with pytest.raises(InvalidInputError, match="Invalid mobile number"):
        normalize_phone(raw)


@given(st.text(max_size=40))
def test_phone_normaliser_never_crashes(text):
    try:
        result = normalize_phone(text)
    except InvalidInputError:
        return
    assert len(result) == 10 and result.startswith("0")


def test_empty_phone_is_required():
    with pytest.raises(InvalidInputError, match="Required"):
        normalize_phone("  ")


def test_create_defaults_stay_and_normalises(fresh_db):
    with fresh_db.cursor() as cur:
        office, _, _ = _users(cur)
        venue_id = registry.create_venue(cur, office, _input(name="  Chợ   Phường 1 "))
        venue = lookup.get_venue(cur, scope_for(office), venue_id)
        assert venue.name == "Chợ Phường 1" and venue.registrant_phone == "0912345678"
        assert venue.default_stay_minutes == 60 and venue.code_version == 1
        assert len(venue_id) == 6 and not set(venue_id) & set("01ILO")
        assert lookup.full_address(cur, venue) == "12 Nguyễn Huệ, Phường 1, Thành phố Sa Đéc, Tỉnh Đồng Tháp"
        assert isinstance(venue, lookup.Venue) and venue.staff_phones == () and venue.status == "active"
        with pytest.raises(dataclasses.FrozenInstanceError):
            venue.status = "closed"  # type: ignore[misc]


def test_every_wrong_field_gets_its_own_message(fresh_db):
    with fresh_db.cursor() as cur:
        office, _, _ = _users(cur)
        with pytest.raises(FormErrors) as err:
            registry.create_venue(
                cur, office, _input(name="", registrant_phone="123", ward_code="29905", district_code="866", capacity=0, category="meeting")
            )
        fields = err.value.fields
        assert set(fields) == {"name", "registrant_phone", "ward_code", "capacity", "starts_at"}
        assert fields["ward_code"].message("vi") == "Phường/xã không thuộc quận/huyện, tỉnh đã chọn."


def test_temporary_venue_needs_a_window(fresh_db):
    with fresh_db.cursor() as cur:
        office, _, _ = _users(cur)
        start = datetime(2026, 12, 1, 1, tzinfo=UTC)
        venue_id = registry.create_venue(
            cur,
            office,
            _input(name="Hội nghị", category="meeting", starts_at=start, ends_at=start.replace(hour=9)),
            confirm_past_end=True,
        )
        assert lookup.get_venue(cur, scope_for(office), venue_id).ends_at > start


def test_likely_duplicate_must_be_confirmed(fresh_db):
    with fresh_db.cursor() as cur:
        office, _, _ = _users(cur)
        first = registry.create_venue(cur, office, _input())
        with pytest.raises(ConflictError, match=first):
            registry.create_venue(cur, office, _input(name="CHO PHUONG 1", address="12 nguyen hue"))
        assert registry.create_venue(cur, office, _input(name="CHO PHUONG 1"), confirm_duplicate=True) != first


def test_ward_chair_cannot_register_see_or_edit_another_ward(fresh_db):
    with fresh_db.cursor() as cur:
        office, chair, other = _users(cur)
        mine = registry.create_venue(cur, chair, _input())
        with pytest.raises(FormErrors) as err:
            registry.create_venue(cur, chair, _input(ward_code="29911"))
        assert "ward_code" in err.value.fields
        theirs = registry.create_venue(cur, other, _input(ward_code="29911"))
        assert set(lookup.list_venues(cur, scope_for(chair))["venue_id"]) == {mine}
        for action in (
            lambda: lookup.get_venue(cur, scope_for(chair), theirs),
            lambda: registry.update_venue(cur, chair, theirs, _input(ward_code="29905")),
            lambda: registry.set_status(cur, chair, theirs, "closed"),
            lambda: posters.rotate_code(cur, chair, theirs),
        ):
            with pytest.raises(NotFoundError):
                action()
        posters.record_printed(cur, chair, [theirs])
        assert lookup.get_venue(cur, scope_for(office), theirs).code_printed_at is None
        assert lookup.get_venue(cur, scope_for(office), theirs).status == "active"


def test_update_reports_name_change_and_status(fresh_db):
    with fresh_db.cursor() as cur:
        office, _, _ = _users(cur)
        venue_id = registry.create_venue(cur, office, _input())
        assert registry.update_venue(cur, office, venue_id, _input(capacity=10)) is False
        assert registry.update_venue(cur, office, venue_id, _input(name="Chợ mới")) is True
        registry.set_status(cur, office, venue_id, "suspended")
        assert lookup.list_venues(cur, scope_for(office), status="suspended")["venue_id"].tolist() == [venue_id]


def test_code_check_tells_current_outdated_forged_closed_foreign(fresh_db):
    with fresh_db.cursor() as cur:
        office, _chair, _ = _users(cur)
        venue_id = registry.create_venue(cur, office, _input())
        venue = lookup.get_venue(cur, scope_for(office), venue_id)
        old = tokens.venue_url("http://x", posters.venue_token("sec", venue))
        check = lambda text: posters.check_scanned(cur, office, "sec", text, "http://x").status  # noqa: E731
        assert check(old) == "current"
        assert lookup.get_venue(cur, scope_for(office), venue_id).code_checked_at is not None
        assert posters.rotate_code(cur, office, venue_id) == 2
        assert check(old) == "outdated"
        assert check(build.forged(old)) == "forged"
        assert check("https://example.com/other") == "foreign_link"
        assert check("hello") == "foreign"
        assert check(tokens.sign("sec", "P", "42", 1)) == "person"
        assert posters.check_typed_code(cur, office, venue_id.lower()).venue.venue_id == venue_id
        registry.set_status(cur, office, venue_id, "closed")
        assert check(old) == "closed"
        assert cur.execute("SELECT count(*) FROM code_checks").fetchone()[0] == 8


def test_poster_link_refuses_outdated_closed_and_outside_the_event_window(fresh_db):
    from datetime import timedelta

    from lib.platform.errors import InvalidCodeError

    with fresh_db.cursor() as cur:
        office, _, _ = _users(cur)
        start = datetime(2026, 12, 5, 1, 0, tzinfo=UTC)
        wedding = registry.create_venue(
            cur,
            office,
            _input(name="Tiệc cưới Minh – Lan", category="wedding_funeral", starts_at=start, ends_at=start + timedelta(hours=6)),
            confirm_past_end=True,  # a fixed date: past once the calendar passes it
        )
        venue = lookup.get_venue(cur, scope_for(office), wedding)
        token = posters.venue_token("sec", venue)
        open_at = lambda moment: posters.open_poster(cur, "sec", token, moment).refusal  # noqa: E731
        assert open_at(start - timedelta(minutes=1)) == "poster.not_started"
        assert open_at(start + timedelta(hours=1)) is None
        assert open_at(start + timedelta(hours=7)) == "poster.ended"
        assert posters.open_poster(cur, "sec", token, start).venue.name == "Tiệc cưới Minh – Lan"
        posters.rotate_code(cur, office, wedding)
        assert open_at(start + timedelta(hours=1)) == "poster.outdated"
        registry.set_status(cur, office, wedding, "suspended")
        fresh_token = posters.venue_token("sec", lookup.get_venue(cur, scope_for(office), wedding))
        assert posters.open_poster(cur, "sec", fresh_token, start).refusal == "poster.suspended"
        with pytest.raises(InvalidCodeError):
            posters.open_poster(cur, "sec", tokens.sign("sec", "P", "1", 1))
        with pytest.raises(InvalidCodeError):
            posters.open_poster(cur, "other", fresh_token)


def test_an_outdated_poster_is_not_recorded_as_printed(fresh_db):
    with fresh_db.cursor() as cur:
        office, _, _ = _users(cur)
        venue_id = registry.create_venue(cur, office, _input())
        assert posters.rotate_code(cur, office, venue_id) == 2
        posters.record_printed(cur, office, [venue_id], {venue_id: 1})  # the version 1 file, downloaded before the rotation
        assert lookup.get_venue(cur, scope_for(office), venue_id).code_printed_at is None
        posters.record_printed(cur, office, [venue_id], {venue_id: 2})
        assert lookup.get_venue(cur, scope_for(office), venue_id).code_printed_at is not None


def test_a_save_writes_only_the_fields_that_were_changed(fresh_db):
    with fresh_db.cursor() as cur:
        office, _, _ = _users(cur)
        venue_id = registry.create_venue(cur, office, _input())
        opened = registry.venue_input_of(lookup.get_venue(cur, scope_for(office), venue_id))
        registry.update_venue(cur, office, venue_id, replace(opened, registrant_phone="0987654321"))  # a colleague, meanwhile
        registry.update_venue(cur, office, venue_id, replace(opened, capacity=120), base=opened)
        venue = lookup.get_venue(cur, scope_for(office), venue_id)
    assert (venue.capacity, venue.registrant_phone) == (120, "0987654321")


def test_a_venue_scope_is_given_only_for_a_venue_within_the_users_own(fresh_db):
    """The door's counters and today's list read one venue: a venue id the user may not see (a stale widget,
    a crafted request) is refused by the library, not trusted because a page chose it."""
    with fresh_db.cursor() as cur:
        office, chair, _other_chair = _users(cur)
        own = build.venue(cur, chair, "Chợ Phường 1")
        foreign = build.venue(cur, office, "Chợ Phường 2", ward_code=build.PHUONG_2)
        door_staff = build.staff(cur, (own,))
        assert lookup.venue_scope(cur, door_staff, own).venue_ids == (own,)
        for user, venue_id in ((door_staff, foreign), (chair, foreign)):
            with pytest.raises(NotFoundError, match="not found within your scope"):
                lookup.venue_scope(cur, user, venue_id)
        assert lookup.venue_scope(cur, office, foreign).venue_ids == (foreign,)
