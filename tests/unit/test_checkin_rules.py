"""Door rules on a hand-built scenario whose answers are known."""

from datetime import UTC, datetime, timedelta

import pytest

from lib.checkins import batch, closing, rules
from lib.platform.errors import ConflictError, NotFoundError
from tests import builders as build

T0 = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # 08:00 in Sa Đéc
M = timedelta(minutes=1)


@pytest.fixture
def place(fresh_db):
    with fresh_db.cursor() as cur:
        office = build.office(cur)
        market = build.venue(cur, office, "Chợ", "market")  # default stay 60 min
        shop = build.venue(cur, office, "Tạp hoá", "essential_shop")  # default stay 20 min
        other = build.venue(cur, office, "Quán", "restaurant", ward_code=build.PHUONG_2)
        wedding = build.venue(cur, office, "Tiệc cưới", "wedding_funeral", starts_at=T0 + 120 * M, ends_at=T0 + 360 * M)
        staff = build.staff(cur, (market, shop, wedding))
    return fresh_db, staff, office, market, shop, other, wedding


def test_auto_mode_in_same_event_then_out(place):
    database, staff, _, market, *_ = place
    with database.cursor() as cur:
        first = batch.record_scan(cur, staff, market, 1, now=T0)
        assert first.kind == rules.CHECKED_IN
        again = batch.record_scan(cur, staff, market, 1, now=T0 + 2 * M)  # within the 2-minute window
        assert (again.kind, again.checkin_id, again.checked_in_at) == (rules.ALREADY_IN, first.checkin_id, T0)
        out = batch.record_scan(cur, staff, market, 1, now=T0 + 47 * M)
        assert (out.kind, out.stayed_minutes) == (rules.CHECKED_OUT, 47)
        assert batch.record_scan(cur, staff, market, 1, mode=rules.EXIT, now=T0 + 48 * M).kind == rules.ALREADY_OUT
        assert batch.record_scan(cur, staff, market, 1, mode=rules.EXIT, now=T0 + 60 * M).kind == rules.NOT_INSIDE
        rows = cur.execute("SELECT count(*), any_value(closed_by) FROM checkins WHERE person_id = 1").fetchone()
        assert rows == (1, "scan")


def test_entry_only_mode_never_checks_out(place):
    database, staff, _, market, *_ = place
    with database.cursor() as cur:
        batch.record_scan(cur, staff, market, 2, mode=rules.ENTRY, now=T0)
        assert batch.record_scan(cur, staff, market, 2, mode=rules.ENTRY, now=T0 + 30 * M).kind == rules.ALREADY_IN


def test_check_in_elsewhere_closes_the_open_visit(place):
    database, staff, _, market, shop, *_ = place
    with database.cursor() as cur:
        first = batch.record_scan(cur, staff, market, 3, now=T0)
        batch.record_scan(cur, staff, shop, 3, now=T0 + 10 * M)
        closed = cur.execute("SELECT checked_out_at, closed_by FROM checkins WHERE checkin_id = ?", [first.checkin_id]).fetchone()
        assert closed == (T0 + 10 * M, "checkin_elsewhere")


def test_stale_open_visit_closed_by_default_stay(place):
    database, staff, _, _market, shop, *_ = place
    with database.cursor() as cur:
        first = batch.record_scan(cur, staff, shop, 4, now=T0)
        # 3 hours later at the same shop: the 20-minute default stay ended the first visit, so this is a new one
        second = batch.record_scan(cur, staff, shop, 4, now=T0 + 180 * M)
        assert second.kind == rules.CHECKED_IN and second.checkin_id != first.checkin_id
        closed = cur.execute("SELECT checked_out_at, closed_by FROM checkins WHERE checkin_id = ?", [first.checkin_id]).fetchone()
        assert closed == (T0 + 20 * M, "default_stay")


def test_scope_window_and_close_day(place):
    database, staff, _office, market, _, other, wedding = place
    with database.cursor() as cur:
        with pytest.raises(NotFoundError):
            batch.record_scan(cur, staff, other, 5, now=T0)
        with pytest.raises(ConflictError, match="not started"):
            batch.record_scan(cur, staff, wedding, 5, now=T0 + 60 * M)
        assert batch.record_scan(cur, staff, wedding, 5, now=T0 + 150 * M).kind == rules.CHECKED_IN
        with pytest.raises(ConflictError, match="ended"):
            batch.record_scan(cur, staff, wedding, 6, now=T0 + 400 * M)
        assert batch.record_scan(cur, None, other, 7, method="self_scan", now=T0).kind == rules.CHECKED_IN
        for person in (8, 9):
            batch.record_scan(cur, staff, market, person, now=T0 + 570 * M)  # inside at closing time
        batch.record_scan(cur, staff, market, 10, now=T0)  # default stay (60 min) long over
        batch.record_scan(cur, staff, market, 11, now=T0 - 25 * 60 * M)  # beyond the 24 h cap: left alone
        assert closing.close_day(cur, staff, market, at=T0 + 600 * M) == 2
        rows = cur.execute(
            "SELECT person_id, checked_out_at, closed_by FROM checkins WHERE venue_id = ? ORDER BY person_id", [market]
        ).fetchall()
        assert rows == [(8, T0 + 600 * M, "close_day"), (9, T0 + 600 * M, "close_day"), (10, T0 + 60 * M, "default_stay"), (11, None, None)]


def test_scan_right_after_check_out_is_the_same_event(place):
    """The code still held in front of the camera 4.7 s after "ĐÃ RA" does not check the person back in."""
    database, staff, _, market, *_ = place
    with database.cursor() as cur:
        first = batch.record_scan(cur, staff, market, 7, now=T0)
        out = batch.record_scan(cur, staff, market, 7, now=T0 + 30 * M)
        held = batch.record_scan(cur, staff, market, 7, now=T0 + 30 * M + timedelta(seconds=4.7))
        assert (out.kind, held.kind, held.checkin_id, held.stayed_minutes) == (rules.CHECKED_OUT, rules.ALREADY_OUT, first.checkin_id, 30)
        assert cur.execute("SELECT count(*) FROM checkins WHERE person_id = 7").fetchone()[0] == 1
        back = batch.record_scan(cur, staff, market, 7, now=T0 + 33 * M)  # past the window: a new visit
        assert back.kind == rules.CHECKED_IN and back.checkin_id != first.checkin_id


def test_held_code_in_one_batch_is_one_event_and_other_closes_do_not_count(place):
    database, staff, _, market, shop, *_ = place
    with database.cursor() as cur:
        scans = [rules.ScanRequest(staff, market, 8, now=T0), rules.ScanRequest(staff, market, 8, now=T0 + 10 * M)]
        scans.append(rules.ScanRequest(staff, market, 8, now=T0 + 10 * M + timedelta(seconds=3)))
        kinds = [r.kind for r in batch.record_scans(cur, scans)]
        assert kinds == [rules.CHECKED_IN, rules.CHECKED_OUT, rules.ALREADY_OUT]
        # a visit closed by checking in elsewhere is not a check-out scan: coming back is a new visit
        batch.record_scan(cur, staff, shop, 9, now=T0)
        batch.record_scan(cur, staff, market, 9, now=T0 + M)
        assert batch.record_scan(cur, staff, shop, 9, now=T0 + 2 * M).kind == rules.CHECKED_IN


def test_preview_records_nothing(place):
    database, staff, _, market, *_ = place
    with database.cursor() as cur:
        assert batch.preview_scan(cur, rules.ScanRequest(staff, market, 10, now=T0)) == rules.CHECKED_IN
        assert cur.execute("SELECT count(*) FROM checkins WHERE person_id = 10").fetchone()[0] == 0
