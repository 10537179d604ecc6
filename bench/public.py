"""`python -m bench.run public`: what residents' pages cost the server, measured through real Chromium phones.

Two servers run side by side from one demo city: the app (`streamlit run app.py`, its own .streamlit config)
and a bare five-widget Streamlit page with the same config, so ratios come from one run on one machine.
Server CPU is the server process's user+system time (/proc, every thread: Streamlit, the event loop, DuckDB)
between the start of a batch and the moment the server is idle again, divided by the batch's size. An idle
Streamlit server still spends a few ms of CPU a second polling its config and secrets files; that rate is
measured first and the "net" columns take it off (it does not grow with the check-ins: at 80 a second it is
nothing), the raw figure stays next to it.

Parts (`--only`, all by default): `sessions` (a new session opening a page, browser cache warm and cold),
`taps` (a self check-in from a poster link: the light page with a kept code or a pasted one, the Streamlit page
with a pasted code), `declaration` (a household of three on the Streamlit page, CPU per submit) and `phones`
(K phones at once: p50/p95 time to the result, server CPU per check-in, server memory per phone). Every
check-in made is counted in the database afterwards: nothing may be lost.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bench.public_phones import City, Flows, Phones
from lib.people import identity
from lib.platform import db
from lib.platform.config import PROJECT_ROOT, load_settings
from lib.platform.i18n import t
from lib.platform.times import now_utc

PARTS = ("sessions", "taps", "declaration", "phones")
TICK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
BARE_PAGE = """import streamlit as st

st.title("Bare page")
st.text_input("Name")
st.selectbox("Choice", ["a", "b", "c"])
st.number_input("Number", 0, 10)
st.checkbox("Agree")
st.button("Send")
"""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def rss_mb(pid: int) -> float:
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE / 1e6


def settle(pid: int) -> float:
    """The server's CPU once it is idle again (no tick for 0.5 s; websocket closes and DuckDB commits finish)."""
    last = cpu_seconds(pid)
    while True:
        time.sleep(0.5)
        now = cpu_seconds(pid)
        if now == last:
            return now
        last = now


def idle_rate(pid: int, seconds: float = 10.0) -> float:
    """CPU seconds per second of an idle server (Streamlit's file polling), to take off the batches."""
    before = settle(pid)
    started = time.monotonic()
    time.sleep(seconds)
    return (cpu_seconds(pid) - before) / (time.monotonic() - started)


@dataclass
class Server:
    url: str
    pid: int
    idle: float = 0.0  # idle CPU seconds per second


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(script: Path, cwd: Path, env: dict[str, str], log: Path):
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port), "--server.address", "127.0.0.1"]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(log.read_text()) from None
                    time.sleep(0.2)
            yield Server(url, process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)


def load_city(env: dict[str, str]) -> City:
    settings = load_settings(env)
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        venues = cur.execute(
            "SELECT venue_id, code_version, name FROM venues WHERE status = 'active' AND starts_at IS NULL ORDER BY venue_id"
        ).fetchall()
        people = cur.execute(
            "SELECT person_id, code_version, full_name FROM people p WHERE NOT EXISTS (SELECT 1 FROM checkins c"
            " WHERE c.person_id = p.person_id AND c.checked_in_at > now() - INTERVAL 1 DAY) ORDER BY person_id"
        ).fetchall()
    db.close_database(settings.db_path)
    return City(settings.resolved_secret(), venues, [(p, v, identity.mask_name(n)) for p, v, n in people])


def count_self_checkins(env: dict[str, str], person_ids: list[int], since: datetime) -> int:
    """Self check-in rows of these people since the bench began (a row twice would show as more than made)."""
    settings = load_settings(env)
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        found = cur.execute(
            "SELECT count(*) FROM checkins WHERE method = 'self_scan' AND list_contains(?, person_id) AND checked_in_at >= ?",
            [person_ids, since],
        ).fetchone()[0]
    db.close_database(settings.db_path)
    return int(found)


@dataclass
class Batch:
    """Server CPU of a batch (raw, and net of the idle polling) in ms per run, and each run's wall seconds."""

    raw_ms: float
    net_ms: float
    walls: list[float]


async def measure(server: Server, runs: int, one: Callable[[int], Awaitable[float]]) -> Batch:
    """Runs one after another; CPU from the start until the server is idle again."""
    before, started = settle(server.pid), time.monotonic()
    walls = [await one(n) for n in range(runs)]
    spent, window = settle(server.pid) - before, time.monotonic() - started
    return Batch(spent * 1000 / runs, max(spent - server.idle * window, 0) * 1000 / runs, walls)


async def at_once(server: Server, k: int, flow: Callable[[int], Awaitable[float]]) -> tuple[Batch, float, float]:
    """K phones started together: (the batch, growth of the server's resident memory at its peak per phone in
    MB, that peak in MB); memory is sampled every 50 ms meanwhile."""
    before, rss_before, started = settle(server.pid), rss_mb(server.pid), time.monotonic()
    peak, done = [rss_before], asyncio.Event()

    async def sample() -> None:
        while not done.is_set():
            peak.append(rss_mb(server.pid))
            await asyncio.sleep(0.05)

    sampler = asyncio.create_task(sample())
    walls = sorted(await asyncio.gather(*(flow(n) for n in range(k))))
    done.set()
    await sampler
    spent, window = settle(server.pid) - before, time.monotonic() - started
    batch = Batch(spent * 1000 / k, max(spent - server.idle * window, 0) * 1000 / k, walls)
    return batch, (max(peak) - rss_before) / k, max(peak)


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f}" if values else "–"


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def _emit(rows: list[str], *lines: str) -> None:
    rows.extend(lines)
    print("\n".join(lines), flush=True)


async def sessions(flows: Flows, app: Server, bare: Server, runs: int, rows: list[str]) -> None:
    pages = {
        "bare five-widget page": (bare, lambda n: "/", flows.heading("Bare page")),
        "declaration page": (app, lambda n: "/declaration", flows.heading(t("page.declaration", "vi"))),
        "Streamlit self check-in page (/checkin?v=)": (app, lambda n: f"/checkin?v={flows.city.poster(n)}", flows.heading()),
        "light poster page (/poster?v=)": (app, lambda n: f"/poster?v={flows.city.poster(n)}", flows.heading()),
    }
    for server, path, ready in pages.values():  # warm-up: first imports, the database, first caches
        for n in range(2):
            await flows.opener(server.url, path, ready, False)(n)
    _emit(
        rows,
        "",
        "| new session opening | browser cache | server CPU ms per session (raw) | net of idle | ratio to bare (raw) | ratio (net)"
        " | median wall ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    )
    for warm in (True, False):
        base: Batch | None = None
        for label, (server, path, ready) in pages.items():
            batch = await measure(server, runs, flows.opener(server.url, path, ready, warm))
            base = base or batch
            _emit(
                rows,
                f"| {label} | {'warm' if warm else 'cold'} | {batch.raw_ms:.0f} | {batch.net_ms:.0f} | {batch.raw_ms / base.raw_ms:.2f}×"
                f" | {batch.net_ms / max(base.net_ms, 0.1):.2f}× | {_ms(batch.walls)} |",
            )
        await flows.phones.close_warm()


async def taps(flows: Flows, app: Server, runs: int, rows: list[str]) -> None:
    _emit(
        rows,
        "",
        "| self check-in from a poster link, cold phone | server CPU ms per check-in (raw) | net of idle | median wall ms | max wall ms |",
        "|---|---:|---:|---:|---:|",
    )
    for label, flow in (
        ("light page: tap a kept code", flows.light_tap),
        ("light page: paste the code", flows.light_paste),
        ("Streamlit page: paste the code", flows.streamlit_paste),
    ):
        await flow(0)  # warm-up
        batch = await measure(app, runs, flow)
        _emit(rows, f"| {label} | {batch.raw_ms:.0f} | {batch.net_ms:.0f} | {_ms(batch.walls)} | {max(batch.walls) * 1000:.0f} |")


async def declaration(flows: Flows, app: Server, runs: int, rows: list[str]) -> None:
    spent: list[float] = []

    @asynccontextmanager
    async def around_submit():
        before = settle(app.pid)
        yield
        spent.append((settle(app.pid) - before) * 1000)

    walls = [await flows.declare_three(n, around_submit) for n in range(max(3, runs // 3) + 1)]
    _emit(
        rows,
        "",
        "| declaration of a household of three (Streamlit page) | server CPU ms per submit (median) | min | max"
        " | median wall ms to the codes |",
        "|---|---:|---:|---:|---:|",
        f"| owner with a phone and two relatives, {len(spent) - 1} submits | {statistics.median(spent[1:]):.0f} | {min(spent[1:]):.0f}"
        f" | {max(spent[1:]):.0f} | {_ms(walls[1:])} |",  # the first is a warm-up
    )


async def phones_at_once(flows: Flows, app: Server, concurrency: list[int], max_streamlit_k: int, rows: list[str]) -> None:
    for label, flow, ks in (
        ("light page: tap a kept code", flows.light_tap, concurrency),
        ("Streamlit page: paste the code", flows.streamlit_paste, [k for k in concurrency if k <= max_streamlit_k]),
    ):
        _emit(
            rows,
            "",
            f"| K phones at once, cold, {label} | p50 ms | p95 ms | server CPU ms per check-in (raw) | net of idle |"
            " server memory growth MB per phone | peak RSS MB |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        )
        for k in ks:
            flows.phones.timeout_ms = max(60_000, k * 6_000)
            batch, growth, peak = await at_once(app, k, flow)
            walls = batch.walls
            _emit(
                rows,
                f"| {k} | {statistics.median(walls) * 1000:.0f} | {_p95(walls) * 1000:.0f} | {batch.raw_ms:.0f} | {batch.net_ms:.0f}"
                f" | {growth:.2f} | {peak:.0f} |",
            )


async def run(runs: int, concurrency: list[int], max_streamlit_k: int, parts: list[str]) -> list[str]:
    from playwright.async_api import async_playwright, expect

    from tests.e2e.conftest import CHROMIUM_ARGS

    expect.set_options(timeout=60_000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "QRCHECKIN_DATA_DIR": str(folder), "QRCHECKIN_DB_PATH": str(folder / "bench.duckdb")}
        env |= {"QRCHECKIN_ADMIN_PASSWORD": "bench-admin-password", "QRCHECKIN_MAINTENANCE_HOUR": "-1"}
        demo = ["--people", "20000", "--venues", "400", "--days", "7", "--seed", "5"]
        subprocess.run([sys.executable, "-m", "lib.cli", "demo", *demo], cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
        city = load_city(env)
        bare_dir = folder / "bare"
        (bare_dir / ".streamlit").mkdir(parents=True)
        shutil.copy(PROJECT_ROOT / ".streamlit" / "config.toml", bare_dir / ".streamlit" / "config.toml")
        (bare_dir / "bare.py").write_text(BARE_PAGE)
        load, began = os.getloadavg(), now_utc()
        rows = [
            f"Parts: {', '.join(parts)}. Demo city: {len(city.people):,} free people of 20,000, {len(city.venues)} venues;"
            f" {runs} runs per row; load average at the start {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}."
        ]
        with (
            serve(PROJECT_ROOT / "app.py", PROJECT_ROOT, env, folder / "app.log") as app,
            serve(bare_dir / "bare.py", bare_dir, env, folder / "bare.log") as bare,
        ):
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
                flows = Flows(Phones(browser), city, app.url, expect)
                await flows.opener(app.url, lambda n: f"/poster?v={city.poster(n)}", flows.heading(), False)(0)
                app.idle, bare.idle = idle_rate(app.pid), idle_rate(bare.pid)
                idle = f"app {app.idle * 1000:.1f} ms/s, bare {bare.idle * 1000:.1f} ms/s"
                _emit(rows, f"Idle server CPU (Streamlit's file polling): {idle}.")
                steps = {
                    "sessions": lambda: sessions(flows, app, bare, runs, rows),
                    "taps": lambda: taps(flows, app, runs, rows),
                    "declaration": lambda: declaration(flows, app, runs, rows),
                    "phones": lambda: phones_at_once(flows, app, concurrency, max_streamlit_k, rows),
                }
                for part in parts:
                    try:
                        await steps[part]()
                    except Exception as err:  # a part that times out on a loaded machine: keep the other parts' rows
                        _emit(rows, "", f"Part `{part}` stopped: {type(err).__name__}: {str(err).splitlines()[0]}")
                await browser.close()
        found = count_self_checkins(env, flows.checked, began)
        load = os.getloadavg()
        rows += [
            "",
            f"Self check-ins made: {len(flows.checked)}; recorded in DuckDB afterwards: {found} (lost: {len(flows.checked) - found}).",
            f"Load average at the end: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}.",
        ]
    return rows


def bench_public(runs: int, concurrency: list[int], max_streamlit_k: int = 10, parts: list[str] | None = None) -> list[str]:
    """`max_streamlit_k`: the Streamlit page's K runs stop there (50 Streamlit sessions at once on two shared
    cores take minutes; the light page's runs go to every K). `parts`: a subset of PARTS."""
    chosen = [p for p in PARTS if p in (parts or PARTS)]
    return asyncio.run(run(runs, concurrency, max_streamlit_k, chosen))
