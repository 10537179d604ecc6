"""Settled days of check-ins rewritten in venue order and copied by person: same rows, venue order on disk, the
copy complete and in person order, unsettled days untouched; tracing reads the same visits either way."""

from datetime import UTC, datetime, timedelta

from lib import maintenance
from lib.checkins import batch, rules, storage_order
from lib.platform.times import day_start, to_local
from lib.tracing import contacts
from tests import builders as build

NOW = datetime(2026, 11, 27, 5, 0, tzinfo=UTC)  # 12:00 in Sa Đéc
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
    cur.executemany(
        "INSERT INTO checkins (checkin_id, person_id, venue_id, checked_in_at, checked_out_at, method)"
        " VALUES (?, ?, ?, ?, ?, 'staff_scan')",
        rows,
    )


def _disk_order(cur, day) -> list[str]:
    return [
        r[0]
        for r in cur.execute(
            "SELECT venue_id FROM checkins WHERE checked_in_at >= ? AND checked_in_at < ? ORDER BY rowid",
            [day_start(day), day_start(day + timedelta(days=1))],
        ).fetchall()
    ]


def test_settled_days_rewritten_in_venue_order_once(fresh_db):
    with fresh_db.cursor() as cur:
        _door_order(cur, days=4)
        before = sorted(cur.execute("SELECT * FROM checkins").fetchall())
        today = to_local(NOW).date()
        last = storage_order.last_settled_day(NOW)
        assert last == today - timedelta(days=2)  # yesterday's evening visits are younger than 24 h + 1
        assert storage_order.resort(cur, NOW) == 3  # four days ago .. the day before yesterday
        assert sorted(cur.execute("SELECT * FROM checkins").fetchall()) == before  # same rows, same ids
        for back in (4, 3, 2):
            order = _disk_order(cur, today - timedelta(days=back))
            assert order == sorted(order) and len(set(order)) == len(VENUES)
        for back in (1, 0):  # not settled: still in door order
            order = _disk_order(cur, today - timedelta(days=back))
            assert order != sorted(order)
        assert storage_order.sorted_through(cur) == last
        _assert_copied_through(cur, last)
        assert storage_order.resort(cur, NOW) == 0
        assert storage_order.resort(cur, NOW + timedelta(days=1)) == 1  # the next night: one more day


def test_the_door_keeps_working_on_unsettled_visits_after_a_rewrite(fresh_db):
    """The door only updates visits younger than the cap, which a rewrite never touches."""
    with fresh_db.cursor() as cur:
        office = build.office(cur)
        venue = build.venue(cur, office)
        old = batch.record_scan(cur, office, venue, 7, now=NOW - timedelta(days=3))
        recent = batch.record_scan(cur, office, venue, 8, now=NOW - timedelta(minutes=10))
        storage_order.resort(cur, NOW)
        assert batch.record_scan(cur, office, venue, 8, now=NOW).kind == rules.CHECKED_OUT
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
    from lib.platform import day_jobs

    with fresh_db.cursor() as cur:
        assert day_jobs.progress(cur, "job") == (None, None)
        assert day_jobs.next_day(cur, None) is None  # no check-ins yet
        _door_order(cur, days=2)
        oldest = to_local(cur.execute("SELECT min(checked_in_at) FROM checkins").fetchone()[0]).date()
        assert day_jobs.next_day(cur, None) == oldest == to_local(NOW).date() - timedelta(days=2)
        day_jobs.record(cur, "job", oldest, NOW)
        assert day_jobs.progress(cur, "job") == (oldest, NOW)
        assert day_jobs.progress(cur, storage_order.STATE) == (None, None)
        assert day_jobs.next_day(cur, oldest) == oldest + timedelta(days=1)


def _assert_copied_through(cur, last) -> None:
    """The copy holds exactly the settled days' visits, each day in person order."""
    until = day_start(last + timedelta(days=1))
    assert storage_order.copied_until(cur) == until
    columns = storage_order.COPY_COLUMNS
    settled = sorted(cur.execute(f"SELECT {columns} FROM checkins WHERE checked_in_at < ?", [until]).fetchall())
    assert sorted(cur.execute(f"SELECT {columns} FROM visits_by_person").fetchall()) == settled
    for day in {to_local(r[3]).date() for r in settled}:
        people = [
            r[0]
            for r in cur.execute(
                "SELECT person_id FROM visits_by_person WHERE checked_in_at >= ? AND checked_in_at < ? ORDER BY rowid",
                [day_start(day), day_start(day + timedelta(days=1))],
            ).fetchall()
        ]
        assert people == sorted(people) and len(set(people)) > 1


def test_a_persons_visits_are_the_same_from_the_copy_and_from_the_check_ins(fresh_db, monkeypatch):
    """Tracing reads settled days from the copy for a few people and the rest from the check-ins: the same
    visits, open ones included, as reading the check-ins alone."""
    with fresh_db.cursor() as cur:
        for n, venue in enumerate(VENUES):
            cur.execute(
                "INSERT INTO venues (venue_id, name, category, scheme, province_code, district_code, ward_code,"
                " address, registrant_name, registrant_phone, default_stay_minutes) VALUES (?, ?, 'market', '2021',"
                " '87', '867', '29905', '1 Hùng Vương', 'Nguyễn Văn An', '0912000001', ?)",
                [venue, f"Chợ {n}", 20 + 10 * n],
            )
        _door_order(cur, days=4)
        since, until = NOW - timedelta(days=5), NOW
        people = [1000 + n for n in (7, 8, 50)]
        before = {p: contacts.visits_of(cur, [p], since, until) for p in people}
        storage_order.resort(cur, NOW)
        copied = storage_order.copied_until(cur)
        for person, frame in before.items():
            assert contacts.visits_of(cur, [person], since, until).equals(frame)
            # each person has visits on both sides of the boundary: from the copy and from the check-ins
            assert (frame["started"] < copied).sum() >= 2 and (frame["started"] >= copied).sum() >= 1
        both = contacts.visits_of(cur, people[:2], since, until)
        monkeypatch.setattr(contacts, "COPY_SERVES_UP_TO", 0)  # many people: the check-ins alone
        assert contacts.visits_of(cur, people[:2], since, until).equals(both)
        assert sorted(both["source_id"].unique()) == people[:2]
