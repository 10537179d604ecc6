"""Benchmarks that print a table and append it to bench/RESULTS.md.

    python -m bench.run demo [--sizes default,province] [--repeat 3]
    python -m bench.run posters | decoders | checkins | webcam | tracing
    python -m bench.run public [--runs 15] [--concurrency 1,10,50] [--only sessions,taps,declaration,phones]
    python -m bench.run stations [--stations 1,4,16] [--modes browser,server] [--decode-count 200]
    python -m bench.run peer [--size province] [--repeat 5] [--per-thread 500]   (bench/peer.py)

Each size is generated `repeat` times into a fresh temporary database; the table shows the median and the
spread, and the database size on disk. Machines here are shared and noisy: compare figures from one run.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from lib.checkins import storage_order
from lib.demo import city
from lib.platform import db
from lib.platform.config import load_settings

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

SIZES = {
    "small": {"people": 20_000, "venues": 400, "days": 14, "checkins": None, "province_wide": False},
    "default": {"people": 200_000, "venues": 2_000, "days": 30, "checkins": None, "province_wide": False},
    "province": {"people": 1_000_000, "venues": 20_000, "days": 30, "checkins": 30_000_000, "province_wide": True},
}


@contextmanager
def _demo_database(size: dict) -> Iterator[tuple]:
    """A fresh encrypted database in a temporary folder with the demo city of `size` generated:
    (settings, root, generation summary); closed and deleted afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings({**os.environ, "QRCHECKIN_DATA_DIR": tmp, "QRCHECKIN_DB_PATH": f"{tmp}/bench.duckdb"})
        root = db.open_database(settings)
        try:
            with db.cursor(root) as cur:
                summary = city.generate(
                    cur,
                    settings.resolved_secret(),
                    size["people"],
                    size["venues"],
                    size["days"],
                    2021,
                    checkins=size["checkins"],
                    province_wide=size["province_wide"],
                )
            yield settings, root, summary
        finally:
            db.close_database(settings.db_path)


def _one_demo_run(size: dict) -> tuple[float, int, int]:
    """(seconds, check-ins, bytes on disk) for one generation into a fresh encrypted database."""
    with _demo_database(size) as (settings, _, summary):
        db.close_database(settings.db_path)  # flushed, so the size on disk is final
        on_disk = sum(p.stat().st_size for p in settings.db_path.parent.glob("bench.duckdb*"))
        return summary.seconds, summary.checkins, on_disk


def bench_demo(sizes: list[str], repeat: int) -> list[str]:
    rows = [
        "| size | people | venues | check-ins | median s | min s | max s | runs | file MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in sizes:
        size = SIZES[name]
        runs = [_one_demo_run(size) for _ in range(repeat)]
        seconds = [r[0] for r in runs]
        rows.append(
            f"| {name} | {size['people']:,} | {size['venues']:,} | {runs[0][1]:,} | {statistics.median(seconds):.1f}"
            f" | {min(seconds):.1f} | {max(seconds):.1f} | {repeat} | {runs[0][2] / 1e6:.0f} |"
        )
        print(rows[-1], flush=True)
    return rows


def bench_posters(count: int, repeat: int) -> list[str]:
    """Posters for `count` venues as one PDF and as a ZIP of PNGs; seconds and peak memory of this process."""
    import resource
    from datetime import date

    from lib.codes import rendering, tokens

    posters = [
        rendering.Poster(
            f"V{n:05d}",
            f"Quán ăn Phú Quý số {n}",
            f"{n} Nguyễn Huệ, Phường 1, Thành phố Sa Đéc, Tỉnh Đồng Tháp",
            tokens.venue_url("https://qr.sadec.example", tokens.sign("bench", "V", f"V{n:05d}", 1)),
            1,
            date.today(),
            "UBND thành phố Sa Đéc",
        )
        for n in range(count)
    ]
    rows = [
        "| output | venues | median s | min s | max s | posters/s | runs | size MB | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, make in (("PDF", rendering.posters_pdf), ("PNG ZIP", rendering.png_zip)):
        times, size = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            size = len(make(posters))
            times.append(time.perf_counter() - started)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        median = statistics.median(times)
        rows.append(
            f"| {label} | {count:,} | {median:.1f} | {min(times):.1f} | {max(times):.1f} | {count / median:.0f}"
            f" | {repeat} | {size / 1e6:.1f} | {peak:.0f} |"
        )
        print(rows[-1], flush=True)
    return rows


def bench_decoders(count: int, repeat: int) -> list[str]:
    """Both decoders on the same perturbed frames, in one run, at both webcam sizes: median and p95 ms per
    frame (over every frame of every repeat) and the share of frames whose code was read correctly."""
    from bench.frames import SIZES, perturbed_frames
    from lib.codes import decoding

    rows = ["| frame | decoder | frames | median ms | p95 ms | decoded | runs |", "|---|---|---:|---:|---:|---:|---:|"]
    for size in SIZES:
        frames = perturbed_frames(count, size)
        for name, decoder in decoding.DECODERS.items():
            times, decoded = [], 0
            for _ in range(repeat):
                decoded = 0
                for gray, payload in frames:
                    started = time.perf_counter()
                    found = decoder.decode(gray)
                    times.append((time.perf_counter() - started) * 1000)
                    decoded += payload in found
            p95 = statistics.quantiles(times, n=20)[-1]
            rows.append(f"| {size} | {name} | {count} | {statistics.median(times):.1f} | {p95:.1f} | {decoded / count:.1%} | {repeat} |")
            print(rows[-1], flush=True)
    return rows


def bench_checkins(size: str, per_thread: int, repeat: int) -> list[str]:
    """Check-ins recorded per second from 8 threads through the door rules and the batch writer, on a demo
    database of the given size; every run counts the rows it added against the scans acknowledged."""
    from bench.load import drive, scan_targets
    from lib.access import accounts

    rows = [
        "| demo | threads | in flight per thread | scans per run | median scans/s | min | max | runs | lost | duplicated | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    with _demo_database(SIZES[size]) as (_, root, _summary):
        with db.cursor(root) as cur:
            user = accounts.load_user(cur, accounts.create_user(cur, "bench_office", "bench-password-1", "office", "Bench"))
            venues, people = scan_targets(cur, 8, 500)
        for in_flight in (1, 16, 64):
            rates, lost, duplicated, errors = [], 0, 0, 0
            for _ in range(repeat):
                with db.cursor(root) as cur:
                    before = cur.execute("SELECT count(*) FROM checkins").fetchone()[0]
                    result = drive(root, user, venues, people, 8, per_thread, in_flight)
                    added = cur.execute("SELECT count(*) FROM checkins").fetchone()[0] - before
                rates.append(result.scans / result.seconds)
                lost += result.checked_in - added if added < result.checked_in else 0
                duplicated += len(result.checkin_ids) - len(set(result.checkin_ids)) + max(0, added - result.checked_in)
                errors += len(result.errors)
            rows.append(
                f"| {size} | 8 | {in_flight} | {8 * per_thread:,} | {statistics.median(rates):,.0f} |"
                f" {min(rates):,.0f} | {max(rates):,.0f} | {repeat} | {lost} | {duplicated} | {errors} |"
            )
            print(rows[-1], flush=True)
    return rows


def bench_webcam(repeat: int) -> list[str]:
    """The browser flow of tests/e2e/test_webcam_scan.py `repeat` times (a fresh server and Chromium each, a
    different person each): seconds from pressing START to the row in DuckDB and to the result on screen.
    Each run is paired with one on a server with Streamlit's default full garbage collection after every
    script run (switched off in .streamlit/config.toml), so the ratio is measured on the same machine."""

    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import write_demo
    from tests.e2e.webcam_flow import code_frame, people_to_scan, recorded_visits, scan_once, write_y4m

    setups = {"as configured": (), "with post-run GC": ("--runner.postScriptGC", "true")}
    to_row: dict[str, list[float]] = {name: [] for name in setups}
    to_result: dict[str, list[float]] = {name: [] for name in setups}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        folder = write_demo(Path(tmp))
        people = iter(people_to_scan(folder, repeat * len(setups)))
        for n in range(repeat):
            for name, options in setups.items():
                person_id, code = next(people)
                video = folder / f"qr{person_id}.y4m"
                write_y4m(video, [code_frame(code)] * 20)
                clicked_at, shown = scan_once(playwright, folder, video, options)
                [(_, checked_in_at, _)] = recorded_visits(folder, person_id)
                to_row[name].append((checked_in_at - clicked_at).total_seconds())
                to_result[name].append(shown)
                print(f"run {n + 1} {name}: START to row {to_row[name][-1]:.2f} s, to result {shown:.2f} s", flush=True)
    rows = ["| server | measure | median s | min s | max s | runs |", "|---|---|---:|---:|---:|---:|"]
    for name in setups:
        for label, values in (("START to recorded row", to_row[name]), ("START to result on screen", to_result[name])):
            rows.append(f"| {name} | {label} | {statistics.median(values):.2f} | {min(values):.2f} | {max(values):.2f} | {repeat} |")
    ratio = statistics.median(to_row["with post-run GC"]) / statistics.median(to_row["as configured"])
    rows.append(f"\nMedian START-to-row with post-run GC / as configured: {ratio:.2f}")
    return rows


def bench_tracing(size: str, repeat: int) -> list[str]:
    """F1 for a case with about 20 visits in its window, and F2 from 200 F1 people, on a demo database of the
    given size; median of `repeat` warm runs after one cold run (targets: 200 ms and 3 s at province size).
    Measured three times in one run: as generated (each day in venue order), after rewriting the check-ins
    in time order as the door appends them, and after the nightly job (lib.checkins.storage_order) put the settled
    days back in venue order and copied them in person order — with its time per day."""
    rows = [
        "| storage order | query | case visits / F1 in | contacts | cold ms | median warm ms | min | max | runs |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    with _demo_database(SIZES[size]) as (_, root, summary):
        case_id, health = bench_case(root)
        rows += _trace_rows(root, health, case_id, "as generated (venue order per day)", repeat)
        in_door_order(root)
        rows += _trace_rows(root, health, case_id, "door order (time)", repeat)
        days, per_day = nightly_job(root)
        rows += _trace_rows(root, health, case_id, f"after the nightly rewrite ({days} days, {per_day:.2f} s per day)", repeat)
    return [f"Demo `{size}`: {summary.checkins:,} check-ins.", "", *rows]


def in_door_order(root) -> None:
    """Rewrite every check-in in time order, as the door appends them (all venues interleaved), and forget
    what the nightly job had done."""
    with db.cursor(root) as cur:
        cur.execute("CREATE TEMP TABLE door AS SELECT * FROM checkins ORDER BY checked_in_at, checkin_id")
        cur.execute("DELETE FROM checkins")
        cur.execute("INSERT INTO checkins SELECT * FROM door ORDER BY checked_in_at, checkin_id")
        cur.execute("DROP TABLE door")
        cur.execute("DELETE FROM totals_state WHERE name = ?", [storage_order.STATE])
        cur.execute("CHECKPOINT")


def nightly_job(root) -> tuple[int, float]:
    """The nightly storage-order job (lib.checkins.storage_order) over every settled day not yet done:
    (days, seconds per day)."""
    with db.cursor(root) as cur:
        started = time.perf_counter()
        days = storage_order.resort(cur)
        per_day = (time.perf_counter() - started) / max(days, 1)
        cur.execute("CHECKPOINT")
    return days, per_day


def f1_for_f2(root, trace) -> list[int]:
    """F2's 200 sources: the first 200 F1 contacts, filled up for a quiet case with other people out in the window."""
    f1 = trace.contacts["person_id"].tolist()[:200]
    if len(f1) < 200:
        with db.cursor(root) as cur:
            f1 += [
                r[0]
                for r in cur.execute(
                    "SELECT DISTINCT person_id FROM checkins WHERE checked_in_at >= ? AND checked_in_at < ?"
                    " AND NOT list_contains(?, person_id) ORDER BY person_id LIMIT ?",
                    [trace.since, trace.until, [*f1, trace.case.person_id], 200 - len(f1)],
                ).fetchall()
            ]
    return f1


def bench_case(root) -> tuple[int, object]:
    """A health officer and a case: the person whose visit count over the last 4 weeks is closest to 20; onset
    two days after their first visit puts all of them in the default window."""
    from datetime import timedelta

    from lib.access import accounts
    from lib.tracing import cases

    with db.cursor(root) as cur:
        health = accounts.load_user(cur, accounts.create_user(cur, "bench_health", "bench-password-1", "health", "Bench"))
        person, first, last = cur.execute(
            "SELECT person_id, min(checked_in_at), max(checked_in_at) FROM checkins"
            " WHERE checked_in_at > now() - INTERVAL 26 DAY GROUP BY person_id"
            " ORDER BY abs(count(*) - 20), person_id LIMIT 1"
        ).fetchone()
        case_id = cases.create_case(
            cur, health, cases.CaseInput(person, last.date(), (first + timedelta(days=2)).date(), isolated_at=last + timedelta(hours=1))
        )
    return case_id, health


def _trace_rows(root, health, case_id: int, label: str, repeat: int) -> list[str]:
    from lib.tracing import contacts

    rules, rows = contacts.TraceRules(), []

    def timed(run) -> tuple[float, list[float], object]:
        with db.cursor(root) as cur:
            started = time.perf_counter()
            result = run(cur)
            cold = (time.perf_counter() - started) * 1000
            warm = []
            for _ in range(repeat):
                started = time.perf_counter()
                run(cur)
                warm.append((time.perf_counter() - started) * 1000)
        return cold, warm, result

    def row(query: str, sources: int, found: int, cold: float, warm: list[float]) -> str:
        line = (
            f"| {label} | {query} | {sources} | {found:,} | {cold:.0f} | {statistics.median(warm):.0f} | {min(warm):.0f}"
            f" | {max(warm):.0f} | {repeat} |"
        )
        print(line, flush=True)
        return line

    cold, warm, trace = timed(lambda cur: contacts.trace_case(cur, health, case_id, rules, reason="bench"))
    rows.append(row("F1", len(trace.visits), len(trace.contacts), cold, warm))
    f1 = f1_for_f2(root, trace)
    cold, warm, ring = timed(lambda cur: contacts.second_ring(cur, health, trace, f1, rules))
    rows.append(row("F2", len(f1), len(ring), cold, warm))
    return rows


def append_results(title: str, rows: list[str]) -> None:
    header = f"\n## {title} ({datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, Python {platform.python_version()})\n\n"
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(header + "\n".join(rows) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    sub = parser.add_subparsers(dest="bench", required=True)
    p = sub.add_parser("demo", help="demo generation time and database size")
    p.add_argument("--sizes", default="small,default,province")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--no-save", action="store_true")
    p = sub.add_parser("posters", help="A4 posters per second, PDF and PNG ZIP")
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--no-save", action="store_true")
    p = sub.add_parser("decoders", help="pyzbar vs zxing-cpp on webcam-like frames")
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--no-save", action="store_true")
    p = sub.add_parser("checkins", help="check-ins recorded per second from 8 threads")
    p.add_argument("--size", default="default", choices=sorted(SIZES))
    p.add_argument("--per-thread", type=int, default=2_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--no-save", action="store_true")
    p = sub.add_parser("webcam", help="browser webcam scan: START to recorded row")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--no-save", action="store_true")
    p = sub.add_parser("tracing", help="F1 and F2 contact lists on a demo database")
    p.add_argument("--size", default="province", choices=sorted(SIZES))
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--no-save", action="store_true")
    p = sub.add_parser("peer", help="the project against PostgreSQL 15 on the same data, interleaved")
    p.add_argument("--size", default="province", choices=sorted(SIZES))
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--per-thread", type=int, default=500, help="scans per door per run (two rounds of its people)")
    p.add_argument("--only", default="", choices=["", "doors"], help="doors: skip F1, F2 and the per-ward days")
    p.add_argument("--no-save", action="store_true")
    p = sub.add_parser("stations", help="door stations per server, browser vs server scanner; wasm decoder robustness")
    p.add_argument("--stations", default="1,4,16")
    p.add_argument("--modes", default="browser,server")
    p.add_argument("--decode-count", type=int, default=200, help="perturbed frames per size for the decoders (0: skip)")
    p.add_argument("--no-save", action="store_true")
    p = sub.add_parser("public", help="residents' pages: server CPU per session and per self check-in, K phones")
    p.add_argument("--runs", type=int, default=15)
    p.add_argument("--concurrency", default="1,10,50")
    p.add_argument("--max-streamlit-k", type=int, default=10)
    p.add_argument("--only", default="", help="comma-separated parts: sessions,taps,declaration,phones (default: all)")
    p.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    if args.bench == "stations":
        from bench.stations import bench_decode, bench_stations

        if args.decode_count:
            rows = bench_decode(args.decode_count)
            print("\n".join(rows))
            if not args.no_save:
                append_results(
                    "Decoders on perturbed webcam frames: zxing-wasm in headless Chromium, zxing-cpp, pyzbar (target: wasm >= 98 %)",
                    rows,
                )
        if args.stations:
            rows = bench_stations([int(k) for k in args.stations.split(",")], args.modes.split(","))
            print("\n".join(rows))
            if not args.no_save:
                append_results(
                    "Door stations per server, browser vs server scanner (targets, browser: <= 0.005 cores per idle station,"
                    " <= 20 ms server CPU per scan, START to result median <= 0.5 s)",
                    rows,
                )
        return
    if args.bench == "public":
        from bench.public import bench_public

        title = "Residents' pages through Chromium phones (targets: new session <= 1.5x bare, self check-in <= 60 ms CPU, < 1 s)"
        parts = [p for p in args.only.split(",") if p] or None
        rows = bench_public(args.runs, [int(k) for k in args.concurrency.split(",")], args.max_streamlit_k, parts)
        if parts:
            title += f" — parts: {', '.join(parts)}"
    elif args.bench == "peer":
        from bench.peer import bench_peer

        title = "Project against PostgreSQL 15 (targets: F1 <= 0.7x, door 1 in flight >= 1.5x and >= 2,000/s, F2 and analytics >= 3x)"
        rows = bench_peer(args.size, args.repeat, args.per_thread, args.only == "doors")
        if args.only:
            title += " — doors only"
    elif args.bench == "decoders":
        title = "QR decoders on perturbed webcam frames (targets: < 5 ms at 640x480, < 10 ms and >= 95 % at 1280x720)"
        rows = bench_decoders(args.count, args.repeat)
    elif args.bench == "checkins":
        title = "Check-in recording from 8 threads (target: >= 2,000/s, nothing lost)"
        rows = bench_checkins(args.size, args.per_thread, args.repeat)
    elif args.bench == "webcam":
        title = "Webcam scan in headless Chromium, fake camera over loopback (target: START to row < 3 s)"
        rows = bench_webcam(args.repeat)
    elif args.bench == "tracing":
        title = "Contact tracing (targets at province size: F1 < 200 ms, F2 from 200 F1 < 3 s)"
        rows = bench_tracing(args.size, args.repeat)
    elif args.bench == "demo":
        rows, title = bench_demo(args.sizes.split(","), args.repeat), "Demo generation (encrypted DuckDB file)"
    else:
        rows, title = bench_posters(args.count, args.repeat), "Venue posters (target: 1,000 A4 in < 30 s, < 500 MB)"
    print("\n".join(rows))
    if not args.no_save:
        append_results(title, rows)


if __name__ == "__main__":
    main()
