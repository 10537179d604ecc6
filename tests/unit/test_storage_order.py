"""Settled days of check-ins rewritten in venue order: same rows, venue order on disk, unsettled days untouched."""

from datetime import UTC, datetime, timedelta

from lib import checkin_rules, maintenance, storage_order
from lib.times import day_start, to_local

NOW = datetime(2026, 11, 27, 5, 0, tzinfo=UTC)   # 12:00 in Sa Đéc
VENUES = ["V5", "V1", "V4", "V2", "V3"]


def _door_order(cur, days: int) -> None:
    """Check-ins as the door appends them: time order, venues interleaved, some still open."""
    rows, n = [], 0
    for back in range(days, -1, -1):
        start = day_start(to_local(NOW).date() - timedelta(days=back)) + timedelta(hours=7)
        for minute in range(0, 600, 7):
            n += 1
            out = None if n % 5 == 0 else start + timedelta(minutes=minute + 30)
            at = start + timedelta(minutes=minute)
            if at <= NOW:
                rows.append([n, 1000 + n % 97, VENUES[n % len(VENUES)], at, out])
    cur.executemany("INSERT INTO checkins (checkin_id, person_id, venue_id, checked_in_at, checked_out_at, method)"
                    " VALUES (?, ?, ?, ?, ?, 'staff_scan')", rows)


def _disk_order(cur, day) -> list[str]:
    return [r[0] for r in cur.execute(
        "SELECT venue_id FROM checkins WHERE checked_in_at >= ? AND checked_in_at < ? ORDER BY rowid",
        [day_start(day), day_start(day + timedelta(days=1))]).fetchall()]


def test_settled_days_rewritten_in_venue_order_once(fresh_db):
    with fresh_db.cursor() as cur:
        _door_order(cur, days=4)
        before = sorted(cur.execute("SELECT * FROM checkins").fetchall())
        today = to_local(NOW).date()
        last = storage_order.last_settled_day(NOW)
        assert last == today - timedelta(days=2)   # yesterday's evening visits are younger than 24 h + 1
        assert storage_order.resort(cur, NOW) == 3  # four days ago .. the day before yesterday
        assert sorted(cur.execute("SELECT * FROM checkins").fetchall()) == before   # same rows, same ids
        for back in (4, 3, 2):
            order = _disk_order(cur, today - timedelta(days=back))
            assert order == sorted(order) and len(set(order)) == len(VENUES)
        for back in (1, 0):   # not settled: still in door order
            order = _disk_order(cur, today - timedelta(days=back))
            assert order != sorted(order)
        assert storage_order.sorted_through(cur) == last
        assert storage_order.resort(cur, NOW) == 0
        assert storage_order.resort(cur, NOW + timedelta(days=1)) == 1   # the next night: one more day


def test_the_door_keeps_working_on_unsettled_visits_after_a_rewrite(fresh_db):
    """The door only updates visits younger than the cap, which a rewrite never touches."""
    from lib import auth, venues

    with fresh_db.cursor() as cur:
        office = auth.load_user(cur, auth.create_user(cur, "office1", "long-password-1", "office", "VH"))
        venue = venues.create_venue(cur, office, venues.VenueInput(
            "Chợ", "market", "2021", "87", "867", "29905", "1 Chợ", "Nguyễn Văn An", "0912000001"))
        old = checkin_rules.record_scan(cur, office, venue, 7, now=NOW - timedelta(days=3))
        recent = checkin_rules.record_scan(cur, office, venue, 8, now=NOW - timedelta(minutes=10))
        storage_order.resort(cur, NOW)
        assert checkin_rules.record_scan(cur, office, venue, 8, now=NOW).kind == checkin_rules.CHECKED_OUT
        ids = {r[0] for r in cur.execute("SELECT checkin_id FROM checkins").fetchall()}
        assert ids == {old.checkin_id, recent.checkin_id}


def test_the_daily_job_rewrites_settled_days(fresh_db):
    with fresh_db.cursor() as cur:
        _door_order(cur, days=3)
        done = maintenance.daily(cur, fresh_db.settings, NOW)
        assert done["days_resorted"] == 2
        order = _disk_order(cur, to_local(NOW).date() - timedelta(days=3))
        assert order == sorted(order)


def test_day_jobs_progress_and_next_day(fresh_db):
    """Each day-by-day job keeps its own progress; the first day to do is the oldest check-in's local day."""
    from lib import day_jobs

    with fresh_db.cursor() as cur:
        assert day_jobs.progress(cur, "job") == (None, None)
        assert day_jobs.next_day(cur, None) is None   # no check-ins yet
        _door_order(cur, days=2)
        oldest = to_local(cur.execute("SELECT min(checked_in_at) FROM checkins").fetchone()[0]).date()
        assert day_jobs.next_day(cur, None) == oldest == to_local(NOW).date() - timedelta(days=2)
        day_jobs.record(cur, "job", oldest, NOW)
        assert day_jobs.progress(cur, "job") == (oldest, NOW)
        assert day_jobs.progress(cur, storage_order.STATE) == (None, None)
        assert day_jobs.next_day(cur, oldest) == oldest + timedelta(days=1)
