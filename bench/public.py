"""`python -m bench.run public`: what residents' pages cost the server, measured through real Chromium phones.

Two servers run side by side from one demo city: the app (`streamlit run app.py`, its own .streamlit config)
and a bare five-widget Streamlit page with the same config, so ratios come from one run on one machine.
Server CPU is the server process's user+system time (/proc, every thread: Streamlit, the event loop, DuckDB)
between the start of a batch and the moment the server is idle again, divided by the batch's size.

Measured: a new session opening a page (browser cache warm: the phone has visited before; cold: a new
profile), a self check-in from a poster link (the light poster page with a kept code or a pasted one, and the
Streamlit page with a pasted code), a household of three declared on the Streamlit page, and K phones at
once (p50/p95 time to the result, server CPU per check-in, server memory per phone). Every check-in is
counted in the database afterwards: nothing may be lost.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Awaitable, Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lib.codes import tokens
from lib.people import identity
from lib.platform import db
from lib.platform.config import PROJECT_ROOT, load_settings
from lib.platform.i18n import t
from lib.ui.browser import PHONE_CODES_KEY

TICK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}
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


@dataclass
class Server:
    url: str
    pid: int


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


@dataclass
class City:
    secret: str
    venues: list[tuple[str, int, str]]  # (venue id, code version, name)
    people: list[tuple[int, int, str]]  # (person id, code version, masked name): no visit in the last day

    def poster(self, n: int) -> str:
        venue_id, version, _ = self.venues[n % len(self.venues)]
        return tokens.sign(self.secret, tokens.VENUE, venue_id, version)

    def code(self, person: tuple[int, int, str]) -> str:
        return tokens.sign(self.secret, tokens.PERSON, str(person[0]), person[1])


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


def count_self_checkins(env: dict[str, str], person_ids: list[int]) -> int:
    settings = load_settings(env)
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        found = cur.execute(
            "SELECT count(DISTINCT person_id) FROM checkins WHERE method = 'self_scan' AND list_contains(?, person_id)", [person_ids]
        ).fetchone()[0]
    db.close_database(settings.db_path)
    return int(found)


class Phones:
    """Chromium phones: each `phone()` a new profile (cold cache) unless `warm`, one X-Forwarded-For address
    each (the server trusts its loopback proxy), as many phones behind a city's proxy would be."""

    def __init__(self, browser) -> None:
        self.browser, self.made, self.warm_context = browser, 0, None

    async def phone(self, codes: list[dict] | None = None, warm: bool = False):
        self.made += 1
        address = f"10.{self.made // 60000 % 250}.{self.made // 250 % 240}.{self.made % 250 + 1}"
        if warm:
            if self.warm_context is None:
                self.warm_context = await self.browser.new_context(**PHONE)
            await self.warm_context.set_extra_http_headers({"X-Forwarded-For": address})
            return self.warm_context, await self.warm_context.new_page()
        context = await self.browser.new_context(**PHONE, extra_http_headers={"X-Forwarded-For": address})
        if codes:
            import json

            await context.add_init_script(f"window.localStorage.setItem({json.dumps(PHONE_CODES_KEY)}, {json.dumps(json.dumps(codes))})")
        context.set_default_timeout(60_000)
        return context, await context.new_page()


async def measure(pid: int, runs: int, one: Callable[[int], Awaitable[float | None]]) -> tuple[float, list[float]]:
    """(server CPU ms per run, wall seconds of each run), runs one after another."""
    settle(pid)
    before, walls = cpu_seconds(pid), []
    for n in range(runs):
        wall = await one(n)
        if wall is not None:
            walls.append(wall)
    return (settle(pid) - before) * 1000 / runs, walls


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f}" if values else "–"


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


async def run(runs: int, concurrency: list[int], max_streamlit_k: int) -> list[str]:
    from playwright.async_api import async_playwright, expect

    expect.set_options(timeout=60_000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "QRCHECKIN_DATA_DIR": str(folder), "QRCHECKIN_DB_PATH": str(folder / "bench.duckdb")}
        env |= {"QRCHECKIN_ADMIN_PASSWORD": "bench-admin-password", "QRCHECKIN_MAINTENANCE_HOUR": "-1"}
        demo = ["--people", "20000", "--venues", "400", "--days", "7", "--seed", "5"]
        subprocess.run([sys.executable, "-m", "lib.cli", "demo", *demo], cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
        city = load_city(env)
        people = iter(city.people)
        bare_dir = folder / "bare"
        (bare_dir / ".streamlit").mkdir(parents=True)
        shutil.copy(PROJECT_ROOT / ".streamlit" / "config.toml", bare_dir / ".streamlit" / "config.toml")
        (bare_dir / "bare.py").write_text(BARE_PAGE)
        checked: list[int] = []
        rows: list[str] = [f"Demo city: {len(city.people):,} free people of 20,000, {len(city.venues)} venues; {runs} runs per row.", ""]
        with (
            serve(PROJECT_ROOT / "app.py", PROJECT_ROOT, env, folder / "app.log") as app,
            serve(bare_dir / "bare.py", bare_dir, env, folder / "bare.log") as bare,
        ):
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=_chromium_args())
                phones = Phones(browser)

                def opener(server: Server, path: Callable[[int], str], ready: Callable, warm: bool):
                    async def one(n: int) -> float:
                        context, page = await phones.phone(warm=warm)
                        started = time.perf_counter()
                        await page.goto(server.url + path(n))
                        await expect(ready(page, n)).to_be_visible()
                        wall = time.perf_counter() - started
                        await (page.close() if warm else context.close())
                        return wall

                    return one

                def heading(name: str | None = None):
                    return lambda page, n: page.get_by_role("heading", name=name or city.venues[n % len(city.venues)][2]).first

                pages = {
                    "bare five-widget page": (bare, lambda n: "/", heading("Bare page")),
                    "declaration page": (app, lambda n: "/declaration", heading(t("page.declaration", "vi"))),
                    "Streamlit self check-in page (/checkin?v=)": (app, lambda n: f"/checkin?v={city.poster(n)}", heading()),
                    "light poster page (/poster?v=)": (app, lambda n: f"/poster?v={city.poster(n)}", heading()),
                }
                for server, path, ready in pages.values():  # warm-up: first imports, the database, first caches
                    for n in range(2):
                        await opener(server, path, ready, False)(n)
                rows += [
                    "| new session opening | browser cache | server CPU ms per session | ratio to bare | median wall ms |",
                    "|---|---|---:|---:|---:|",
                ]
                base: dict[bool, float] = {}
                for warm in (True, False):
                    for label, (server, path, ready) in pages.items():
                        cpu, walls = await measure(server.pid, runs, opener(server, path, ready, warm))
                        base.setdefault(warm, cpu)
                        rows.append(f"| {label} | {'warm' if warm else 'cold'} | {cpu:.0f} | {cpu / base[warm]:.2f}× | {_ms(walls)} |")
                        print(rows[-1], flush=True)
                if phones.warm_context is not None:
                    await phones.warm_context.close()

                async def light_tap(n: int, person=None) -> float:
                    person = person or next(people)
                    checked.append(person[0])
                    context, page = await phones.phone([{"person": person[0], "name": person[2], "code": city.code(person)}])
                    started = time.perf_counter()
                    await page.goto(f"{app.url}/poster?v={city.poster(n)}")
                    await page.get_by_role("button", name=t("self.as", "vi", name=person[2])).click()
                    await expect(page.get_by_test_id("door-result")).to_contain_text("ĐÃ VÀO")
                    wall = time.perf_counter() - started
                    await context.close()
                    return wall

                async def light_paste(n: int) -> float:
                    person = next(people)
                    checked.append(person[0])
                    context, page = await phones.phone()
                    started = time.perf_counter()
                    await page.goto(f"{app.url}/poster?v={city.poster(n)}")
                    await page.get_by_label(t("light.paste", "vi")).fill(city.code(person))
                    await page.get_by_role("button", name=t("self.go", "vi"), exact=True).click()
                    await expect(page.get_by_test_id("door-result")).to_contain_text("ĐÃ VÀO")
                    wall = time.perf_counter() - started
                    await context.close()
                    return wall

                async def streamlit_paste(n: int) -> float:
                    person = next(people)
                    checked.append(person[0])
                    context, page = await phones.phone()
                    started = time.perf_counter()
                    await page.goto(f"{app.url}/checkin?v={city.poster(n)}")
                    await page.get_by_label(t("self.code", "vi")).fill(city.code(person))
                    await page.get_by_role("button", name=t("self.go", "vi"), exact=True).click()
                    await expect(page.get_by_test_id("door-result")).to_contain_text("ĐÃ VÀO")
                    wall = time.perf_counter() - started
                    await context.close()
                    return wall

                rows += ["", "| self check-in from a poster link, cold phone | server CPU ms per check-in | median wall ms | max wall ms |"]
                rows.append("|---|---:|---:|---:|")
                for label, flow in (
                    ("light page: tap a kept code", light_tap),
                    ("light page: paste the code", light_paste),
                    ("Streamlit page: paste the code", streamlit_paste),
                ):
                    await flow(0)  # warm-up
                    cpu, walls = await measure(app.pid, runs, flow)
                    rows.append(f"| {label} | {cpu:.0f} | {_ms(walls)} | {max(walls) * 1000:.0f} |")
                    print(rows[-1], flush=True)

                rows += [
                    "",
                    "| declaration of a household of three (Streamlit page) | server CPU ms per submit | median wall ms to the codes |",
                ]
                rows.append("|---|---:|---:|")
                submits: list[float] = []
                walls: list[float] = []
                for n in range(max(3, runs // 4)):
                    cpu, wall = await _declare_three(phones, app, n, expect)
                    if n:  # the first is a warm-up
                        submits.append(cpu)
                        walls.append(wall)
                rows.append(f"| owner with a phone and two relatives | {statistics.median(submits):.0f} | {_ms(walls)} |")
                print(rows[-1], flush=True)

                streamlit_k = [k for k in concurrency if k <= max_streamlit_k]
                for label, flow, ks in (
                    ("light page: tap a kept code", light_tap, concurrency),
                    ("Streamlit page: paste the code", streamlit_paste, streamlit_k),
                ):
                    rows += [
                        "",
                        f"| K phones at once, cold, {label} | p50 ms | p95 ms | server CPU ms per check-in |"
                        " server memory growth MB per phone | peak RSS MB |",
                        "|---:|---:|---:|---:|---:|---:|",
                    ]
                    for k in ks:
                        walls, cpu, growth, peak = await at_once(app.pid, k, flow)
                        rows.append(
                            f"| {k} | {statistics.median(walls) * 1000:.0f} | {_p95(walls) * 1000:.0f} | {cpu:.0f} | {growth:.2f}"
                            f" | {peak:.0f} |"
                        )
                        print(rows[-1], flush=True)
                await browser.close()
        found = count_self_checkins(env, checked)
        rows += ["", f"Self check-ins made: {len(checked)}; recorded in DuckDB afterwards: {found} (lost: {len(checked) - found})."]
    return rows


async def at_once(pid: int, k: int, flow: Callable[[int], Awaitable[float]]) -> tuple[list[float], float, float, float]:
    """K phones started together: (sorted wall seconds, server CPU ms per phone, growth of the server's
    resident memory at its peak per phone in MB, that peak in MB); memory is sampled every 50 ms meanwhile."""
    settle(pid)
    before, rss_before = cpu_seconds(pid), rss_mb(pid)
    peak, done = [rss_before], asyncio.Event()

    async def sample() -> None:
        while not done.is_set():
            peak.append(rss_mb(pid))
            await asyncio.sleep(0.05)

    sampler = asyncio.create_task(sample())
    walls = sorted(await asyncio.gather(*(flow(n) for n in range(k))))
    done.set()
    await sampler
    cpu = (settle(pid) - before) * 1000 / k
    return walls, cpu, (max(peak) - rss_before) / k, max(peak)


async def _declare_three(phones: Phones, app: Server, n: int, expect) -> tuple[float, float]:
    """One household (owner with a phone, two relatives) through the Streamlit declaration page; the server's
    CPU from the click on "submit" until it is idle after showing the codes, and the wall time to the codes."""
    context, page = await phones.phone()
    await page.goto(f"{app.url}/declaration")
    await page.get_by_label(t("decl.full_name", "vi")).first.fill(f"Trần Thị Bích {'ABCDEFGHIJ'[n]}")
    await page.get_by_label(t("decl.birth_year", "vi")).first.fill("1985")
    await _choose(page, t("decl.gender", "vi"), "Nữ")
    await page.get_by_label(t("decl.phone", "vi"), exact=True).fill(f"0903 45{n:02d} 78")
    await _choose(page, t("picker.ward", "vi"), "Phường 3")
    await page.get_by_label(t("decl.street", "vi")).fill("8 Hai Bà Trưng")
    count = page.get_by_label(t("decl.relatives", "vi"))
    await count.fill("2")
    await count.press("Enter")
    await expect(page.get_by_label(t("decl.full_name", "vi"))).to_have_count(3)
    for i, (name, year, gender) in enumerate((("Lê Văn Nam", "2012", "Nam"), ("Lê Thị Hoa", "2016", "Nữ")), start=1):
        await page.get_by_label(t("decl.full_name", "vi")).nth(i).fill(name)
        await page.get_by_label(t("decl.birth_year", "vi")).nth(i).fill(year)
        await _choose(page, t("decl.gender", "vi"), gender, nth=i)
    await page.get_by_text(re.compile("^Tôi cam kết thông tin khai")).click()
    settle(app.pid)
    before = cpu_seconds(app.pid)
    started = time.perf_counter()
    await page.get_by_role("button", name=t("decl.submit", "vi")).click()
    await expect(page.get_by_text(t("decl.done", "vi", n=3))).to_be_visible()
    wall = time.perf_counter() - started
    cpu = (settle(app.pid) - before) * 1000
    await context.close()
    return cpu, wall


async def _choose(page, label: str, option: str, nth: int = 0) -> None:
    """As tests/e2e/conftest.choose: click the option, never Enter."""
    from playwright.async_api import expect

    box = page.get_by_label(label).nth(nth)
    await box.click()
    await box.fill(option)
    await page.get_by_role("option", name=option, exact=True).click()
    await expect(page.get_by_role("option", name=option, exact=True)).to_have_count(0)


def _chromium_args() -> list[str]:
    from tests.e2e.conftest import CHROMIUM_ARGS

    return CHROMIUM_ARGS


def bench_public(runs: int, concurrency: list[int], max_streamlit_k: int = 10) -> list[str]:
    """`max_streamlit_k`: the Streamlit page's K runs stop there (50 Streamlit sessions at once on two shared
    cores take minutes; the light page's runs go to every K)."""
    return asyncio.run(run(runs, concurrency, max_streamlit_k))
