"""Self check-ins share the door writer's group commit (lib.checkins.writer, lib.checkins.self_checkin, issue 19):
phones checking in at the same moment share one transaction; every limit still holds exactly, a refused count
stays counted, and one failing unit of work does not sink the others."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from lib.access import rate_limits
from lib.checkins import self_checkin, writer
from lib.platform import db
from lib.platform.errors import ConflictError
from tests import builders as build

SECRET = "group-secret"
NOW = datetime(2026, 11, 27, 2, 0, 30, tzinfo=UTC)


@pytest.fixture
def venue(fresh_db):
    with fresh_db.cursor() as cur:
        office = build.office(cur)
        market = build.venue(cur, office, "Chợ Sa Đéc", "market", address="1 Lê Lợi")
        for person_id in range(1, 41):
            build.person(cur, person_id)
    return fresh_db, market


def _check_in(database, market: str, person_id: int, limits: dict[str, int]):
    client = rate_limits.client(SECRET, f"203.0.113.{person_id}")
    with database.cursor() as cur:
        try:
            return self_checkin.self_check_in(cur, market, person_id, client, SECRET, now=NOW, limits=limits).kind
        except ConflictError as err:
            return err.key


def test_parallel_self_checkins_hold_the_venue_limit_exactly_and_count_the_refused(venue):
    database, market = venue
    limits = {"venue": 10, "all": 1000}
    with ThreadPoolExecutor(max_workers=20) as pool:
        kinds = list(pool.map(lambda p: _check_in(database, market, p, limits), range(1, 21)))
    assert sorted(kinds) == ["checked_in"] * 10 + ["err.self_busy"] * 10
    with database.cursor() as cur:
        visits = cur.execute("SELECT count(*) FROM checkins WHERE venue_id = ? AND method = 'self_scan'", [market]).fetchone()[0]
        logged = cur.execute("SELECT count(*) FROM self_checkin_log WHERE venue_id = ?", [market]).fetchone()[0]
        counted = dict(cur.execute("SELECT bucket, used FROM limit_counters WHERE bucket LIKE 'self_checkin:%'").fetchall())
    assert (visits, logged) == (10, 10)
    # the refused ten are counted at the venue (where they were refused), not for everybody
    assert counted[f"self_checkin:venue:{market}"] == 20 and counted["self_checkin:all:*"] == 10


def test_self_checkins_queued_together_share_one_transaction(venue):
    database, market = venue
    root = database.root
    release, started = threading.Event(), threading.Event()

    def hold(cur):  # keeps the writer busy while the phones queue up behind it
        started.set()
        release.wait(10)

    with database.cursor() as cur:
        blocker = writer.writer_for(db.root_of(cur)).submit(hold)
    assert started.wait(10)
    seen: list[int] = []
    original = self_checkin._write

    def spying(cur, *args):
        seen.append(cur.execute("SELECT txid_current()").fetchone()[0])
        return original(cur, *args)

    self_checkin._write = spying
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            pending = [pool.submit(_check_in, database, market, p, {"venue": 100, "all": 100}) for p in range(21, 29)]
            while writer.writer_for(root).queued() < 8:
                threading.Event().wait(0.01)
            release.set()
            kinds = [f.result() for f in pending]
    finally:
        self_checkin._write = original
    blocker.result()
    assert kinds == ["checked_in"] * 8
    assert len(seen) == 8 and len(set(seen)) == 1  # eight phones, one transaction, one commit
    with database.cursor() as cur:
        assert cur.execute("SELECT used FROM limit_counters WHERE bucket = 'self_checkin:all:*'").fetchone()[0] == 8


def test_a_failing_work_is_retried_alone_and_does_not_sink_the_others(venue):
    database, market = venue
    root = database.root
    release, started = threading.Event(), threading.Event()

    def hold(cur):
        started.set()
        release.wait(10)

    def broken(cur):
        cur.execute(
            "INSERT INTO self_checkin_log (device, phone, person_id, venue_id, logged_at) VALUES ('x', NULL, 1, ?, ?)", [market, NOW]
        )
        raise RuntimeError("disk full")

    queue = writer.writer_for(root)
    blocker = queue.submit(hold)
    assert started.wait(10)
    failing = queue.submit(broken)
    with ThreadPoolExecutor(max_workers=3) as pool:
        pending = [pool.submit(_check_in, database, market, p, {"venue": 100, "all": 100}) for p in (31, 32, 33)]
        while queue.queued() < 4:
            threading.Event().wait(0.01)
        release.set()
        kinds = [f.result() for f in pending]
    blocker.result()
    with pytest.raises(RuntimeError, match="disk full"):
        failing.result()
    assert kinds == ["checked_in"] * 3
    with database.cursor() as cur:
        assert cur.execute("SELECT count(*) FROM self_checkin_log WHERE device = 'x'").fetchone()[0] == 0  # rolled back
        assert cur.execute("SELECT used FROM limit_counters WHERE bucket = 'self_checkin:all:*'").fetchone()[0] == 3  # once each
