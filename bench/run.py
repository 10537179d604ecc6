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
import time
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


def bench_posters(count: int, repeat: int) -> list[str]:
    """Posters for `count` venues as one PDF and as a ZIP of PNGs; seconds and peak memory of this process."""
    import resource
    from datetime import date

    from lib import qr, tokens

    posters = [qr.Poster(f"V{n:05d}", f"Quán ăn Phú Quý số {n}", f"{n} Nguyễn Huệ, Phường 1, Thành phố Sa Đéc, Tỉnh Đồng Tháp",
                         tokens.venue_url("https://qr.sadec.example", tokens.sign("bench", "V", f"V{n:05d}", 1)), 1,
                         date.today(), "UBND thành phố Sa Đéc") for n in range(count)]
    rows = ["| output | venues | median s | min s | max s | posters/s | runs | size MB | peak RSS MB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for label, make in (("PDF", qr.posters_pdf), ("PNG ZIP", qr.png_zip)):
        times, size = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            size = len(make(posters))
            times.append(time.perf_counter() - started)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        median = statistics.median(times)
        rows.append(f"| {label} | {count:,} | {median:.1f} | {min(times):.1f} | {max(times):.1f} | {count / median:.0f}"
                    f" | {repeat} | {size / 1e6:.1f} | {peak:.0f} |")
        print(rows[-1], flush=True)
    return rows


def _frames(count: int) -> list:
    """640 x 480 webcam-like frames with a personal code, variously blurred, noisy and rotated."""
    import io as _io

    import numpy as np
    from PIL import Image, ImageFilter

    from lib import qr, tokens

    rng = np.random.default_rng(7)
    frames = []
    for n in range(count):
        code = Image.open(_io.BytesIO(qr.png_bytes(tokens.sign("bench", "P", str(100000 + n), 1), scale=5))).convert("L")
        code = code.rotate(float(rng.uniform(-35, 35)), expand=True, fillcolor=255)
        frame = Image.new("L", (640, 480), 200)
        frame.paste(code.resize((int(code.width * rng.uniform(0.6, 1.0)),) * 2), (int(rng.uniform(0, 300)), int(rng.uniform(0, 150))))
        frame = frame.filter(ImageFilter.GaussianBlur(float(rng.uniform(0, 2.2))))
        pixels = np.asarray(frame, dtype=np.int16) + rng.normal(0, rng.uniform(0, 25), (480, 640))
        frames.append(np.clip(pixels, 0, 255).astype(np.uint8))
    return frames


def bench_decoders(count: int, repeat: int) -> list[str]:
    """Both decoders on the same frames, in one run: median ms per frame and share of frames decoded."""
    from lib import scanner

    frames = _frames(count)
    rows = ["| decoder | frames | median ms/frame | min | max | decoded | runs |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, decoder in scanner.DECODERS.items():
        per_frame, decoded = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            decoded = sum(bool(decoder.decode(f)) for f in frames)
            per_frame.append((time.perf_counter() - started) / count * 1000)
        rows.append(f"| {name} | {count} | {statistics.median(per_frame):.1f} | {min(per_frame):.1f} |"
                    f" {max(per_frame):.1f} | {decoded / count:.0%} | {repeat} |")
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
    p = sub.add_parser("posters", help="A4 posters per second, PDF and PNG ZIP")
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--no-save", action="store_true")
    p = sub.add_parser("decoders", help="pyzbar vs zxing-cpp on webcam-like frames")
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    if args.bench == "decoders":
        rows, title = bench_decoders(args.count, args.repeat), "QR decoders on 640x480 frames (blur, noise, rotation)"
    elif args.bench == "demo":
        rows, title = bench_demo(args.sizes.split(","), args.repeat), "Demo generation (encrypted DuckDB file)"
    else:
        rows, title = bench_posters(args.count, args.repeat), "Venue posters (target: 1,000 A4 in < 30 s, < 500 MB)"
    print("\n".join(rows))
    if not args.no_save:
        append_results(title, rows)


if __name__ == "__main__":
    main()
