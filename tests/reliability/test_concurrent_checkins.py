"""8 threads recording 10,000 check-ins each through the door rules and the batch writer while the analytics
pages' queries and the totals refresh run alongside: exactly 80,000 rows, no error, no id twice, and nobody
with two open visits at once."""

import threading
from datetime import timedelta

from bench.load import drive, scan_targets
from lib.access import accounts
from lib.access.scope import CITY, Scope
from lib.analytics import compliance, footfall, hourly_totals
from lib.demo import city
from lib.platform import db
from lib.platform.times import now_utc, to_local
from lib.tracing import risk_queue
from tests.conftest import tally

THREADS, PER_THREAD = 8, 10_000
_CLOSED_ELSEWHERE = "SELECT count(*) FROM checkins WHERE closed_by = 'checkin_elsewhere' AND list_contains($people, person_id)"


def test_eighty_thousand_checkins_from_eight_threads(fresh_db):
    with fresh_db.cursor() as cur:
        # 10,000 people: at some hours (markets at dawn) over a third of a one-day demo city is still inside a
        # venue, and the load needs 3,200 people who are not (4,000 were too few at 06:00 Vietnam time)
        city.generate(cur, fresh_db.settings.resolved_secret(), 10_000, 40, 1, 5)
        user = accounts.load_user(cur, accounts.create_user(cur, "office_load", "load-password-1", "office", "Tải"))
        venues, people = scan_targets(cur, THREADS, 400)
        before = cur.execute("SELECT count(*) FROM checkins").fetchone()[0]
        closed_before = cur.execute(_CLOSED_ELSEWHERE, {"people": people}).fetchone()[0]  # the demo's own

    stop, analytics_errors, analytics_runs = threading.Event(), [], [0]

    def analytics() -> None:
        """What office and health pages ask while the doors are busy, plus the background totals count."""
        today = to_local(now_utc()).date()
        month, whole_city = footfall.Filters(today - timedelta(days=29), today), Scope(CITY)
        while not stop.is_set():
            try:
                with db.cursor(fresh_db.root) as cur:
                    footfall.per_day(cur, whole_city, month)
                    footfall.over_capacity(cur, whole_city, month)
                    compliance.ward_summary(cur, whole_city, compliance.Options())
                    risk_queue.queue(cur, whole_city, risk_queue.QueueFilters())
                    hourly_totals.ensure_fresh(cur, max_age=timedelta(0))
                analytics_runs[0] += 1
            except Exception as exc:
                analytics_errors.append(exc)

    reader = threading.Thread(target=analytics)
    reader.start()
    try:
        result = drive(fresh_db.root, user, venues, people, THREADS, PER_THREAD, in_flight=64)
    finally:
        stop.set()
        reader.join()

    with fresh_db.cursor() as cur:
        added = cur.execute("SELECT count(*) FROM checkins").fetchone()[0] - before
        double_open = cur.execute(
            "SELECT count(*) FROM (SELECT person_id FROM checkins WHERE checked_out_at IS NULL"
            " AND list_contains($people, person_id) GROUP BY person_id HAVING count(*) > 1)",
            {"people": people},
        ).fetchone()[0]
        closed_elsewhere = cur.execute(_CLOSED_ELSEWHERE, {"people": people}).fetchone()[0] - closed_before
    print(
        f"\n{result.scans:,} scans in {result.seconds:.1f} s ({result.scans / result.seconds:,.0f}/s),"
        f" {added:,} rows added, {len(result.errors)} errors; {analytics_runs[0]} analytics rounds alongside,"
        f" {len(analytics_errors)} errors"
    )
    tally(
        "load: 8 doors with analytics alongside",
        written=added,
        lost=THREADS * PER_THREAD - added,
        duplicated=len(result.checkin_ids) - len(set(result.checkin_ids)),
        errors=len(result.errors) + len(analytics_errors),
        analytics_rounds=analytics_runs[0],
    )
    assert result.errors == [] and analytics_errors == [] and analytics_runs[0] > 0
    assert result.scans == result.checked_in == THREADS * PER_THREAD
    assert added == THREADS * PER_THREAD
    assert len(set(result.checkin_ids)) == THREADS * PER_THREAD
    assert double_open == 0
    # every scan but each person's first moved them from one venue to the other
    assert closed_elsewhere == THREADS * PER_THREAD - len(people)
