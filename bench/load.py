"""Many doors recording at once, for the throughput benchmark and the concurrency test.

Each thread is a gateway for its own people and two venues of its own: every scan moves one of its people
to the other venue, so every scan is a new check-in (and closes the previous visit) and the expected row
count is exact. `in_flight` is how many scans a thread has queued before it waits for the oldest: 1 is one
door scanning one person at a time, more is one thread serving many doors.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from lib.access.users import User
from lib.checkins import writer
from lib.checkins.rules import CHECKED_IN, ScanRequest


@dataclass
class LoadResult:
    seconds: float
    scans: int
    checked_in: int
    errors: list
    checkin_ids: list[int]


def scan_targets(cur: duckdb.DuckDBPyConnection, threads: int, people_per_thread: int) -> tuple[list[str], list[int]]:
    """Two open, permanent venues and `people_per_thread` people per thread, none of them inside anywhere
    (an open visit at the first venue would make the first scan a check-out)."""
    venues = [
        r[0]
        for r in cur.execute(
            "SELECT venue_id FROM venues WHERE status = 'active' AND starts_at IS NULL ORDER BY venue_id LIMIT ?", [2 * threads]
        ).fetchall()
    ]
    people = [
        r[0]
        for r in cur.execute(
            # not inside a venue, and not checked out within the last hour: a scan right after a check-out at
            # the same venue is the same event (the held-code rule), so it would not be a new check-in
            "SELECT person_id FROM people WHERE person_id NOT IN"
            " (SELECT person_id FROM checkins WHERE checked_out_at IS NULL OR checked_out_at > now() - INTERVAL 1 HOUR)"
            " ORDER BY person_id LIMIT ?",
            [threads * people_per_thread],
        ).fetchall()
    ]
    if len(venues) < 2 * threads or len(people) < threads * people_per_thread:
        raise ValueError("not enough venues or people for this load")
    return venues, people


def drive(
    root: duckdb.DuckDBPyConnection, user: User, venues: list[str], people: list[int], threads: int, per_thread: int, in_flight: int = 1
) -> LoadResult:
    """Run the load; every outcome is collected, nothing is assumed."""
    group = len(people) // threads
    batch_writer = writer.writer_for(root)
    outcomes: list = []
    lock = threading.Lock()

    def door(n: int) -> None:
        mine, pending, done = people[n * group : (n + 1) * group], deque(), []
        for k in range(per_thread):
            request = ScanRequest(user, venues[2 * n + (k // group) % 2], mine[k % group], method="staff_scan")
            pending.append(batch_writer.submit(request))
            if len(pending) >= in_flight:
                done.append(_settle(pending.popleft()))
        done.extend(_settle(f) for f in pending)
        with lock:
            outcomes.extend(done)

    seconds = run_doors(door, threads)
    errors = [o for o in outcomes if not hasattr(o, "kind")]
    ids = [o.checkin_id for o in outcomes if hasattr(o, "kind") and o.kind == CHECKED_IN]
    return LoadResult(seconds, len(outcomes), len(ids), errors, ids)


def run_doors(door: Callable[[int], None], threads: int) -> float:
    """Seconds for `threads` doors, door(n) each on its own thread, all started together."""
    workers = [threading.Thread(target=door, args=(n,)) for n in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - started


def _settle(future) -> object:
    """The outcome, or the exception that stood in its place."""
    try:
        return future.result()
    except Exception as exc:
        return exc
