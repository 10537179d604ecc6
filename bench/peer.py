"""The project against PostgreSQL 15 on the same data, interleaved in one run:

    python -m bench.run peer [--size province] [--repeat 5] [--per-thread 500] [--only doors]

The demo of the given size is generated into DuckDB, rewritten in door order (time) and put through the nightly
storage-order job, as a server's file looks after a night; then copied into a throw-away PostgreSQL
(bench/peer_server.py) with its indexes. Both sides must return the same F1 and F2 contacts for the benchmark
case (the same rows in the same order) and the same per-ward days, or the run stops. Each measure alternates
project and PostgreSQL `repeat` times and reports the medians and their ratio. Door scans: 8 doors, each with
1 or 16 scans in flight, every scan moving a person to the other of its door's two venues (bench/load.py); on
PostgreSQL each scan is one transaction (bench/peer_sql.DOOR_SCAN), 16 in flight being a pipeline.
`--only doors` loads both sides the same way but skips the contact lists and the per-ward days.
"""

from __future__ import annotations

import signal
import statistics
import sys
import time
from collections.abc import Callable

import pandas as pd

from bench import peer_server, peer_sql
from bench.load import drive, run_doors, scan_targets
from bench.run import SIZES, _demo_database, bench_case, f1_for_f2, in_door_order, nightly_job
from lib.access import accounts
from lib.platform import db
from lib.tracing import contacts

DOORS = 8


def _psycopg():
    try:
        import psycopg
    except ImportError as exc:  # a bench-only dependency (requirements-dev.txt)
        raise SystemExit("the peer benchmark needs psycopg: pip install -r requirements-dev.txt") from exc
    return psycopg


def _plain(rows) -> list[tuple]:
    """Rows as tuples of plain values (None for missing, str for everything else) for comparing both sides."""
    return [tuple(None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in row) for row in rows]


def _same(label: str, ours: list[tuple], theirs: list[tuple]) -> None:
    """Stop the run unless both sides returned the same rows in the same order."""
    if ours != theirs:
        first = next((n for n, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b), min(len(ours), len(theirs)))
        mine = ours[first] if first < len(ours) else None
        other = theirs[first] if first < len(theirs) else None
        raise SystemExit(f"{label}: {len(ours)} rows against {len(theirs)}; first difference at row {first}: {mine} / {other}")


def _ratio(ours: float, theirs: float, higher_is_better: bool = False) -> str:
    better = ours > theirs if higher_is_better else ours < theirs
    factor = max(ours, theirs) / max(min(ours, theirs), 1e-9)
    return f"{'project' if better else 'PostgreSQL'} {factor:.2f}× faster"


def _timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def _pg_doors(conninfo: str, user_id: int, venues: list[str], people: list[int], per_thread: int, in_flight: int) -> float:
    """Scans per second from DOORS threads, each with its own connection; `in_flight` > 1 sends that many scan
    transactions in a pipeline before waiting for their results."""
    psycopg, group = _psycopg(), len(people) // DOORS
    errors: list[BaseException] = []

    def door(n: int) -> None:
        mine = people[n * group : (n + 1) * group]
        try:
            with psycopg.connect(conninfo, autocommit=True) as conn:
                scans = [{"person": mine[k % group], "venue": venues[2 * n + (k // group) % 2], "user": user_id} for k in range(per_thread)]
                if in_flight == 1:
                    for scan in scans:
                        conn.execute(peer_sql.DOOR_SCAN, scan)
                    return
                with conn.pipeline() as pipeline:
                    for k, scan in enumerate(scans, 1):
                        conn.execute("BEGIN")
                        conn.execute(peer_sql.DOOR_SCAN, scan)
                        conn.execute("COMMIT")
                        if k % in_flight == 0:
                            pipeline.sync()
        except Exception as exc:
            errors.append(exc)

    seconds = run_doors(door, DOORS)
    if errors:
        raise errors[0]
    return DOORS * per_thread / seconds


def _project_doors(root, user, venues: list[str], people: list[int], per_thread: int, in_flight: int) -> float:
    result = drive(root, user, venues, people, DOORS, per_thread, in_flight)
    if result.errors or result.checked_in != result.scans:
        raise SystemExit(f"project door load: {len(result.errors)} errors, {result.checked_in} check-ins of {result.scans} scans")
    return result.scans / result.seconds


def _contacts_and_wards(root, cur, pg, notes: list[str], measure: Callable) -> None:
    """F1, F2 and the per-ward days: the same rows on both sides, then timed."""
    rules = contacts.TraceRules()
    case_id, health = bench_case(root)
    trace = contacts.trace_case(cur, health, case_id, rules, reason="bench")
    person, household = int(trace.case.person_id), int(trace.case.household_id)
    f1_params = peer_sql.contacts_params(trace, [person], [person], rules, household)
    _same("F1", _plain(trace.contacts.itertuples(index=False)), _plain(pg.execute(peer_sql.CONTACTS, f1_params).fetchall()))
    f1 = f1_for_f2(root, trace)
    f2_params = peer_sql.contacts_params(trace, f1, [person, *f1], rules, None)
    ring = contacts.second_ring(cur, health, trace, f1, rules)
    _same("F2", _plain(ring.itertuples(index=False)), _plain(pg.execute(peer_sql.CONTACTS, f2_params).fetchall()))
    _same("wards", _plain(cur.execute(peer_sql.WARD_DAYS_DUCKDB).fetchall()), _plain(pg.execute(peer_sql.WARD_DAYS_PG).fetchall()))
    notes.append(
        f"Same rows on both sides: F1 {len(trace.contacts):,} contacts ({len(trace.visits)} case visits), F2 {len(ring):,} from {len(f1)}."
    )
    print(notes[-1], flush=True)
    measure(
        "F1, warm",
        lambda: contacts.trace_case(cur, health, case_id, rules, reason="bench"),
        lambda: pg.execute(peer_sql.CONTACTS, f1_params).fetchall(),
    )
    measure(
        f"F2 from {len(f1)} F1",
        lambda: contacts.second_ring(cur, health, trace, f1, rules),
        lambda: pg.execute(peer_sql.CONTACTS, f2_params).fetchall(),
    )
    measure(
        "check-ins per day per ward, raw rows",
        lambda: cur.execute(peer_sql.WARD_DAYS_DUCKDB).fetchall(),
        lambda: pg.execute(peer_sql.WARD_DAYS_PG).fetchall(),
    )


def bench_peer(size: str, repeat: int, per_thread: int, doors_only: bool = False) -> list[str]:
    """The side-by-side table (see the module docstring)."""
    psycopg = _psycopg()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # so that a killed run still stops its server
    timings: dict[str, tuple[list[float], list[float]]] = {}
    notes: list[str] = []

    def measure(name: str, ours: Callable[[], object], theirs: Callable[[], object]) -> None:
        mine, other = timings.setdefault(name, ([], []))
        for _ in range(repeat):
            mine.append(_timed(ours))
            other.append(_timed(theirs))
        print(f"{name}: project {statistics.median(mine):.1f} ms, PostgreSQL {statistics.median(other):.1f} ms", flush=True)

    started = time.perf_counter()
    with _demo_database(SIZES[size]) as (settings, root, summary), peer_server.postgres() as (conninfo, folder):
        generated = time.perf_counter() - started
        in_door_order(root)
        days, per_day = nightly_job(root)
        on_disk = sum(p.stat().st_size for p in settings.db_path.parent.glob("bench.duckdb*"))
        with psycopg.connect(conninfo, autocommit=True) as pg, db.cursor(root) as cur:
            loaded, pg_size = peer_server.load(cur, pg, folder)
            notes.append(
                f"Demo `{size}`: {summary.checkins:,} check-ins, generated in {summary.seconds:.1f} s ({generated:.0f} s with"
                f" PostgreSQL's start); door order then the nightly job ({days} days, {per_day:.2f} s per day);"
                f" DuckDB file {on_disk / 2**30:.2f} GiB; PostgreSQL load + indexes {loaded:.1f} s, {pg_size / 2**30:.2f} GiB."
            )
            print(notes[-1], flush=True)
            if not doors_only:
                _contacts_and_wards(root, cur, pg, notes, measure)
            user = accounts.load_user(cur, accounts.create_user(cur, "bench_peer_door", "bench-password-1", "office", "Bench"))
            venues, people = scan_targets(cur, DOORS, per_thread // 2)
        rates: dict[int, tuple[list[float], list[float]]] = {1: ([], []), 16: ([], [])}
        for in_flight, (mine, other) in rates.items():
            for _ in range(repeat):
                mine.append(_project_doors(root, user, venues, people, per_thread, in_flight))
                other.append(_pg_doors(conninfo, user.user_id, venues, people, per_thread, in_flight))
            print(
                f"doors {in_flight} in flight: project {statistics.median(mine):,.0f}/s, PostgreSQL {statistics.median(other):,.0f}/s",
                flush=True,
            )
    rows = ["| measure | project | PostgreSQL | |", "|---|---:|---:|---|"]
    for name, (mine, other) in timings.items():
        ours, theirs = statistics.median(mine), statistics.median(other)
        rows.append(f"| {name} | {ours:,.1f} ms | {theirs:,.1f} ms | {_ratio(ours, theirs)} |")
    for in_flight, (mine, other) in rates.items():
        ours, theirs = statistics.median(mine), statistics.median(other)
        rows.append(
            f"| door scans, {DOORS} doors, {in_flight} in flight each | {ours:,.0f}/s | {theirs:,.0f}/s | {_ratio(ours, theirs, True)} |"
        )
    return [*notes, "", f"Medians of {repeat} interleaved runs; {DOORS * per_thread:,} scans per door run.", "", *rows]
