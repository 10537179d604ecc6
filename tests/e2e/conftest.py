"""Browser-test plumbing: a demo database made by the CLI, `streamlit run` on a free localhost port, and
Debian's Chromium driven by Playwright (never `playwright install`)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, Playwright, expect, sync_playwright

from lib.platform.config import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_PIDS: dict[str, int] = {}  # url -> process id of each server streamlit_server started
E2E_DEMO = ["--people", "3000", "--venues", "150", "--days", "7", "--seed", "5"]


# Assertions wait up to 15 s rather than Playwright's 5: a freshly started server opens and migrates its
# database, signs in with argon2 and draws its first page while the rest of the suite shares two cores.
expect.set_options(timeout=15_000)


def _free_port() -> int:
    """A free localhost port: within QRCHECKIN_E2E_PORTS ("8612-8619") when set, so engineers sharing a machine
    keep to the ports they were given; any free port otherwise."""
    low, _, high = os.environ.get("QRCHECKIN_E2E_PORTS", "").partition("-")
    for port in range(int(low), int(high or low) + 1) if low else ():
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def env_for(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "QRCHECKIN_DATA_DIR": str(folder),
        "QRCHECKIN_DB_PATH": str(folder / "e2e.duckdb"),
        "QRCHECKIN_ADMIN_PASSWORD": "e2e-admin-password",
    }


def write_demo(folder: Path) -> Path:
    """The e2e demo city in `folder`, made through the CLI, so no test process holds the file when a server
    opens it (also used by the browser benchmarks)."""
    subprocess.run(
        [sys.executable, "-m", "lib.cli", "demo", *E2E_DEMO],
        cwd=PROJECT_ROOT,
        env=env_for(folder),
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder


def make_demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo city in a folder of its own: one server per database file, so a test that needs its own (fresh)
    server gets its own folder."""
    return write_demo(tmp_path_factory.mktemp("e2e"))


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo_folder(tmp_path_factory)


@contextmanager
def streamlit_server(
    folder: Path, options: tuple[str, ...] = (), env: dict[str, str] | None = None, port: int | None = None
) -> Iterator[str]:
    """Start `streamlit run app.py` (with extra command-line options and settings, if any) on a free port (or
    the one given), wait for /_stcore/health, stop it afterwards."""
    port = port or _free_port()
    log = (folder / f"streamlit-{port}.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *options,
        ],
        cwd=PROJECT_ROOT,
        env={**env_for(folder), **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    SERVER_PIDS[url] = process.pid  # for `bench.run stations`, which reads the server's CPU time
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start: {(folder / log.name).read_text()}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def server(demo_folder: Path) -> Iterator[str]:
    with streamlit_server(demo_folder) as url:
        yield url


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """One Playwright at a time per test process (a second sync instance is refused), per module: a sync
    Playwright keeps its event loop running in the main thread, so one left for the whole session breaks the
    later modules that run their own (asyncio.run in unit tests, the security tests' own browser)."""
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (its own Streamlit session) per test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def sign_in(page: Page, username: str, password: str) -> None:
    """Fill and submit the sign-in form, then wait for the signed-in sidebar."""
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    # the password hash, the cookie claim and the reload into a fresh session: well over 15 s on a loaded machine;
    # on a phone the sign-out button is in the closed (hidden) sidebar, so it is looked for hidden or not
    expect(page.get_by_role("button", name="Đăng xuất", include_hidden=True)).to_be_attached(timeout=60_000)


def nav_titles(page: Page) -> list[str]:
    """Titles of the page links in the sidebar navigation."""
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav).to_be_visible()
    # each link reads "<icon ligature>\n\n<title>"; keep the title
    return [text.strip().split("\n")[-1].strip() for text in nav.get_by_role("link").all_inner_texts()]


def open_list(page: Page, box: Locator) -> Locator:
    """Click a select box open and return its first option. A click that lands while the page above still
    moves (a table drawing its rows) leaves the list shut, as a person would see it; they click again, so does
    this (three times at most)."""
    option = page.get_by_role("option").first
    for _attempt in range(2):
        box.click()
        try:
            expect(option).to_be_visible(timeout=5_000)
            return option
        except AssertionError:
            page.keyboard.press("Escape")
    box.click()
    return option


def choose(page: Page, label: str, option: str, nth: int = 0) -> None:
    """Pick `option` in the select box or multiselect labelled `label` by clicking it, as a person does.
    Never by Enter: Streamlit 1.67's multiselect puts "Select all" / "Select N matches" first in its list,
    and an Enter that lands before the typed filter is applied chooses every symptom."""
    box = page.get_by_label(label).nth(nth)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    expect(page.get_by_role("option", name=option, exact=True)).to_have_count(0)
