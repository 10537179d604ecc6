"""Every query behind the analytics pages on a demo database, cold and warm, and the peak memory of the
process that ran them (the server's share).

    python -m bench.analytics [--size province] [--repeat 5] [--no-save]

The database is generated once in a temporary folder (its totals are built by the generator); the queries
then run in a fresh child process, so its peak resident memory is that of a server answering them, not of the
generator. "Cold" is the first run after the database was opened; "warm" the median of `repeat` more.
Targets at province size: every query < 500 ms warm, server < 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import timedelta

from bench.run import SIZES, _demo_database, append_results
from lib.access import accounts
from lib.access.scope import CITY, WARD, Scope
from lib.analytics import compliance, footfall, home, hourly_totals
from lib.platform import db
from lib.platform.config import load_settings
from lib.platform.times import now_utc, to_local
from lib.tracing import risk_queue


def _queries(cur, ward: tuple[str, str], venue: str, office, health) -> dict:
    """name -> function of a cursor, for the city and for one ward chair's scope."""
    today = to_local(now_utc()).date()
    month = footfall.Filters(today - timedelta(days=29), today)
    one_venue = footfall.Filters(month.since, month.until, venue_id=venue)
    options = compliance.Options("2025")
    queries = {}
    for label, scope in (("city", Scope(CITY)), ("ward", Scope(WARD, *ward))):
        for fn in (
            footfall.per_day,
            footfall.per_hour,
            footfall.weekday_hour,
            footfall.top_venues,
            footfall.by_ward,
            footfall.by_category,
            footfall.over_capacity,
        ):
            queries[f"{label} footfall.{fn.__name__}"] = lambda c, fn=fn, scope=scope: fn(c, scope, month)
        queries[f"{label} footfall.presence"] = lambda c, scope=scope: footfall.presence(c, scope, one_venue)
        for fn in (compliance.ward_summary, compliance.by_category, compliance.follow_up, compliance.weekly_trend):
            queries[f"{label} compliance.{fn.__name__}"] = lambda c, fn=fn, scope=scope: fn(c, scope, options)
        queries[f"{label} risk_queue.queue"] = lambda c, scope=scope: risk_queue.queue(c, scope, risk_queue.QueueFilters())
        queries[f"{label} risk_queue.counts"] = lambda c, scope=scope: risk_queue.counts(c, scope, risk_queue.QueueFilters())
        queries[f"{label} analytics.headline"] = lambda c, scope=scope: home.headline(c, scope)
    queries["office home figures"] = lambda c: home.role_figures(c, office)
    queries["health home figures"] = lambda c: home.role_figures(c, health)
    queries["background: re-count today's totals"] = lambda c: hourly_totals.ensure_fresh(c, max_age=timedelta(0))
    return queries


def run_queries(repeat: int) -> None:
    """Child process: time every query (cold after a fresh open, then warm) and print JSON lines."""
    settings = load_settings()
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        ward = cur.execute("SELECT scheme, ward_code FROM venues GROUP BY ALL ORDER BY count(*) DESC LIMIT 1").fetchone()
        venue = cur.execute("SELECT venue_id FROM venue_hour_totals GROUP BY venue_id ORDER BY sum(checkins) DESC LIMIT 1").fetchone()[0]
        office = accounts.load_user(cur, cur.execute("SELECT user_id FROM users WHERE role = 'office' LIMIT 1").fetchone()[0])
        health = accounts.load_user(cur, cur.execute("SELECT user_id FROM users WHERE role = 'health' LIMIT 1").fetchone()[0])
        names = list(_queries(cur, ward, venue, office, health))
    for name in names:
        db.close_database(settings.db_path)  # cold: the database opened afresh for this query
        root = db.open_database(settings)
        with db.cursor(root) as cur:
            run = _queries(cur, ward, venue, office, health)[name]
            times = []
            for _ in range(repeat + 1):
                started = time.perf_counter()
                result = run(cur)
                times.append((time.perf_counter() - started) * 1000)
        rows = len(result) if hasattr(result, "__len__") else 1
        print(json.dumps({"query": name, "rows": rows, "cold": times[0], "warm": times[1:]}), flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peak_mb": peak_mb}), flush=True)


def bench(size: str, repeat: int) -> list[str]:
    rows = ["| query | rows | cold ms | median warm ms | min | max | runs |", "|---|---:|---:|---:|---:|---:|---:|"]
    with _demo_database(SIZES[size]) as (settings, _, summary):
        db.close_database(settings.db_path)
        env = {**os.environ, "QRCHECKIN_DATA_DIR": str(settings.data_dir), "QRCHECKIN_DB_PATH": str(settings.db_path)}
        child = subprocess.run(
            [sys.executable, "-m", "bench.analytics", "--child", "--repeat", str(repeat)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        for line in child.stdout.splitlines():
            item = json.loads(line)
            if "peak_mb" in item:
                rows.append(f"| server process peak memory (RSS) | | | {item['peak_mb']:.0f} MB | | | |")
            else:
                warm = item["warm"]
                rows.append(
                    f"| {item['query']} | {item['rows']:,} | {item['cold']:.0f} | {statistics.median(warm):.0f}"
                    f" | {min(warm):.0f} | {max(warm):.0f} | {len(warm)} |"
                )
            print(rows[-1], flush=True)
        rows.insert(0, f"Demo `{size}`: {summary.checkins:,} check-ins, generated (totals included) in {summary.seconds:.0f} s.\n")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.analytics")
    parser.add_argument("--size", default="province", choices=sorted(SIZES))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_queries(args.repeat)
        return
    rows = bench(args.size, args.repeat)
    if not args.no_save:
        append_results("Analytics queries (targets at province size: each < 500 ms warm, server < 2 GB)", rows)


if __name__ == "__main__":
    main()
