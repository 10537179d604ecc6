"""The door's row per person (lib.checkins.open_visits) stays what the visits say: after check-ins, check-outs,
a check-in elsewhere, closing the day, two doors at once for the same person, retention and erasure; and a
rebuild from the visits gives the rows the door wrote."""

import threading
from datetime import UTC, datetime, timedelta

import pytest

from lib.checkins import batch, closing, open_visits, rules, writer
from lib.checkins.rules import ScanRequest
from lib.platform import db
from lib.privacy import retention
from tests import builders as build

T0 = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # 08:00 in Sa Đéc
M = timedelta(minutes=1)
SINCE = T0 - timedelta(days=1)


@pytest.fixture
def doors(fresh_db):
    with fresh_db.cursor() as cur:
        office = build.office(cur)
        market = build.venue(cur, office, "Chợ", "market")  # default stay 60 min
        shop = build.venue(cur, office, "Tạp hoá", "essential_shop")  # default stay 20 min
        staff = build.staff(cur, (market, shop))
    return fresh_db, staff, market, shop


def _row(cur, person: int) -> tuple | None:
    return cur.execute("SELECT * EXCLUDE (person_id) FROM open_visits WHERE person_id = ?", [person]).fetchone()


def _all_rows(cur) -> list[tuple]:
    return cur.execute("SELECT * FROM open_visits ORDER BY person_id").fetchall()


def test_check_in_then_out_then_in_elsewhere(doors):
    database, staff, market, shop = doors
    with database.cursor() as cur:
        first = batch.record_scan(cur, staff, market, 1, now=T0)
        assert _row(cur, 1) == (first.checkin_id, market, T0, None, None, None, None, None)
        batch.record_scan(cur, staff, market, 1, now=T0 + 30 * M)  # out
        assert _row(cur, 1) == (None, None, None, first.checkin_id, market, T0, T0 + 30 * M, "scan")
        second = batch.record_scan(cur, staff, shop, 1, now=T0 + 40 * M)
        third = batch.record_scan(cur, staff, market, 1, now=T0 + 45 * M)  # in at the market: the shop visit closes
        assert third.kind == rules.CHECKED_IN
        assert _row(cur, 1) == (
            third.checkin_id,
            market,
            T0 + 45 * M,
            second.checkin_id,
            shop,
            T0 + 40 * M,
            T0 + 45 * M,
            "checkin_elsewhere",
        )
        [(open_count,)] = cur.execute("SELECT count(*) FROM checkins WHERE person_id = 1 AND checked_out_at IS NULL").fetchall()
        assert open_count == 1


def test_a_stale_open_visit_is_closed_by_its_default_stay_and_the_row_follows(doors):
    database, staff, _, shop = doors
    with database.cursor() as cur:
        first = batch.record_scan(cur, staff, shop, 2, now=T0)
        second = batch.record_scan(cur, staff, shop, 2, now=T0 + 180 * M)  # the 20-minute stay ended long ago
        assert second.kind == rules.CHECKED_IN
        assert _row(cur, 2) == (second.checkin_id, shop, T0 + 180 * M, first.checkin_id, shop, T0, T0 + 20 * M, "default_stay")


def test_closing_the_day_empties_the_rows_of_those_inside(doors):
    database, staff, market, shop = doors
    with database.cursor() as cur:
        inside = batch.record_scan(cur, staff, market, 3, now=T0)
        batch.record_scan(cur, staff, shop, 4, now=T0)  # elsewhere: untouched
        assert closing.close_day(cur, staff, market, at=T0 + 30 * M) == 1
        assert _row(cur, 3) == (None, None, None, inside.checkin_id, market, T0, T0 + 30 * M, "close_day")
        assert _row(cur, 4)[1] == shop
        # the next scan at the market is a new visit, not a check-out of the closed one
        assert batch.record_scan(cur, staff, market, 3, now=T0 + 40 * M).kind == rules.CHECKED_IN


def test_the_rows_are_what_a_rebuild_from_the_visits_gives(doors):
    database, staff, market, shop = doors
    with database.cursor() as cur:
        for n, (venue, person) in enumerate([(market, 5), (shop, 6), (shop, 5), (market, 6), (market, 6), (shop, 7)]):
            batch.record_scan(cur, staff, venue, person, now=T0 + 10 * n * M)
        closing.close_day(cur, staff, shop, at=T0 + 70 * M)
        written = _all_rows(cur)
        open_visits.rebuild(cur, SINCE)
        assert _all_rows(cur) == written
        assert [r[0] for r in written] == [5, 6, 7]


def test_two_doors_at_once_for_the_same_person_leave_at_most_one_open_visit(fresh_db, doors):
    database, staff, market, shop = doors
    start, errors = threading.Barrier(2), []

    def door(venue: str) -> None:
        try:
            with db.cursor(fresh_db.root) as cur:
                start.wait()
                for k in range(20):
                    writer.record(cur, ScanRequest(staff, venue, 8, now=T0 + k * 5 * M))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=door, args=(venue,)) for venue in (market, shop)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with database.cursor() as cur:
        assert errors == []
        still_open = cur.execute(
            "SELECT checkin_id, venue_id, checked_in_at FROM checkins WHERE person_id = 8 AND checked_out_at IS NULL"
        ).fetchall()
        # each door's scans alternate with the other's in an order no one chose: the last may be a check-out
        assert len(still_open) <= 1
        assert _row(cur, 8)[:3] == (still_open[0] if still_open else (None, None, None))
        assert cur.execute("SELECT count(*) FROM checkins WHERE person_id = 8").fetchone()[0] >= 20
        written = _all_rows(cur)
        open_visits.rebuild(cur, SINCE)
        assert _all_rows(cur) == written


def test_retention_removes_rows_whose_visits_are_past_the_period(doors):
    database, staff, market, shop = doors
    now = T0 + timedelta(days=40)
    with database.cursor() as cur:
        build.person(cur, 9, household_id=9, full_name="LÊ VĂN BA", created_at=T0 - timedelta(days=5))
        build.person(cur, 10, household_id=10, full_name="TRẦN THỊ HOA", created_at=T0 - timedelta(days=5))
        batch.record_scan(cur, staff, market, 9, now=T0)  # 40 days before `now`: past the 30-day period
        batch.record_scan(cur, staff, shop, 10, now=now - timedelta(days=1))
        retention.purge(cur, 30, now)
        assert [r[0] for r in _all_rows(cur)] == [10]


def test_the_daily_job_forgets_rows_of_people_not_seen_for_a_day(doors):
    database, staff, market, shop = doors
    with database.cursor() as cur:
        batch.record_scan(cur, staff, market, 11, now=T0)
        batch.record_scan(cur, staff, shop, 12, now=T0 + timedelta(hours=20))
        assert open_visits.forget_old(cur, T0 + timedelta(hours=26)) == 1
        assert [r[0] for r in _all_rows(cur)] == [12]
        # person 11 comes back: a new visit, and a row again
        assert batch.record_scan(cur, staff, market, 11, now=T0 + timedelta(hours=27)).kind == rules.CHECKED_IN
        assert [r[0] for r in _all_rows(cur)] == [11, 12]
