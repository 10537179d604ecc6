"""Benchmarks that print a table and append it to bench/RESULTS.md.

    python -m bench.run demo [--sizes default,province] [--repeat 3]

Each size is generated `repeat` times into a fresh temporary database; the table shows the median and the
spread, and the database size on disk. Machines here are shared and noisy: compare figures from one run.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
from datetime import datetime
from pathlib import Path

from lib import db, demo
from lib.config import load_settings

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

SIZES = {
    "small": {"people": 20_000, "venues": 400, "days": 14, "checkins": None, "province_wide": False},
    "default": {"people": 200_000, "venues": 2_000, "days": 30, "checkins": None, "province_wide": False},
    "province": {"people": 1_000_000, "venues": 20_000, "days": 30, "checkins": 30_000_000, "province_wide": True},
}


def _one_demo_run(size: dict) -> tuple[float, int, int]:
    """(seconds, check-ins, bytes on disk) for one generation into a fresh encrypted database."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {"QRCHECKIN_DATA_DIR": tmp, "QRCHECKIN_DB_PATH": f"{tmp}/bench.duckdb"}
        settings = load_settings({**os.environ, **env})
        root = db.open_database(settings)
        with db.cursor(root) as cur:
            summary = demo.generate(cur, settings.resolved_secret(), size["people"], size["venues"], size["days"],
                                    2021, checkins=size["checkins"], province_wide=size["province_wide"])
        db.close_database(settings.db_path)
        on_disk = sum(p.stat().st_size for p in Path(tmp).glob("bench.duckdb*"))
        return summary.seconds, summary.checkins, on_disk


def bench_demo(sizes: list[str], repeat: int) -> list[str]:
    rows = ["| size | people | venues | check-ins | median s | min s | max s | runs | file MB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
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


def append_results(title: str, rows: list[str]) -> None:
    header = (f"\n## {title} ({datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores,"
              f" Python {platform.python_version()})\n\n")
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(header + "\n".join(rows) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    sub = parser.add_subparsers(dest="bench", required=True)
    p = sub.add_parser("demo", help="demo generation time and database size")
    p.add_argument("--sizes", default="small,default,province")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    rows = bench_demo(args.sizes.split(","), args.repeat)
    print("\n".join(rows))
    if not args.no_save:
        append_results("Demo generation (encrypted DuckDB file)", rows)


if __name__ == "__main__":
    main()
