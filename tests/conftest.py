"""Shared fixtures: real encrypted DuckDB files in temporary folders, never mocks.

`fresh_db` gives an empty migrated database per test; `demo_db` a copy of a small deterministic demo city shared
by a test module (read-only tests only); `demo_env` a writable copy of it for one test, with the settings (and so
the pages' lib.ui.resources) pointing at it. The city is generated once per run and copied, never regenerated.
Users, venues, people and visits for a test come from tests/builders.py.
"""

from __future__ import annotations

import os
import shutil
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from lib.demo import city
from lib.platform import admin_units, db
from lib.platform.config import Settings, load_settings
from tests.builders import demo_user  # noqa: F401 (its old home: branches that import it from here keep working)

SMALL_DEMO = {"people": 600, "venues": 150, "days": 7, "seed": 11}


@dataclass
class Database:
    settings: Settings
    root: duckdb.DuckDBPyConnection

    def cursor(self):
        return db.cursor(self.root)


def _env_for(folder: Path) -> dict[str, str]:
    return {"QRCHECKIN_DATA_DIR": str(folder), "QRCHECKIN_DB_PATH": str(folder / "test.duckdb")}


def _open(folder: Path, monkeypatch: pytest.MonkeyPatch | None = None) -> Database:
    env = _env_for(folder)
    if monkeypatch is not None:
        for key, value in env.items():
            monkeypatch.setenv(key, value)
    settings = load_settings({**os.environ, **env})
    return Database(settings, db.open_database(settings))


@pytest.fixture
def fresh_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """An empty migrated database with administrative units loaded; env points at it for pages."""
    database = _open(tmp_path, monkeypatch)
    with database.cursor() as cur:
        admin_units.load_units(cur)
        admin_units.import_ward_mapping(cur, admin_units.SA_DEC_MAPPING)
    yield database
    db.close_database(database.settings.db_path)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo city (same seed every time), generated once per run into a folder (database and keys)
    and closed, so tests open copies of it."""
    folder = tmp_path_factory.mktemp("demo-template")
    database = _open(folder)
    with database.cursor() as cur:
        city.generate(cur, database.settings.resolved_secret(), **SMALL_DEMO)
    db.close_database(database.settings.db_path)
    return folder


def _copy_of(template: Path, folder: Path, monkeypatch: pytest.MonkeyPatch | None = None) -> Database:
    shutil.copytree(template, folder)  # keeps the key files' owner-only modes
    return _open(folder, monkeypatch)


@pytest.fixture(scope="module")
def demo_db(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A copy of the demo city shared by a module's read-only tests."""
    database = _copy_of(demo_template, tmp_path_factory.mktemp("demo") / "city")
    yield database
    db.close_database(database.settings.db_path)


@pytest.fixture
def demo_env(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """A writable copy of the demo city for this test alone, with the settings (and so lib.ui.resources)
    pointing at it: what a page test changes is seen by no other test."""
    database = _copy_of(demo_template, tmp_path / "city", monkeypatch)
    yield database
    db.close_database(database.settings.db_path)


# What the security and reliability suites tried, printed at the end of the run (attempts, and what got
# through - which must be 0).
TALLY: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))


def tally(kind: str, **counts: int) -> None:
    """tally(kind, tried=n, accepted=m): add to the figures printed at the end (a plain function, so
    hypothesis tests can call it too)."""
    for name, value in counts.items():
        TALLY[kind][name] += value


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run one after another on one xdist worker (`make test` runs two): they share a demo server
    per session and their timings assume one browser at a time, while the lib and page tests share the rest."""
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.xdist_group("browser"))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On an xdist worker: hand this worker's figures to the controller, which prints them."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["tally"] = {kind: dict(counts) for kind, counts in TALLY.items()}


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """On the xdist controller: add up the figures of a worker that finished."""
    for kind, counts in getattr(node, "workeroutput", {}).get("tally", {}).items():
        tally(kind, **counts)


def pytest_terminal_summary(terminalreporter):
    if not TALLY:
        return
    terminalreporter.section("security and reliability figures")
    for kind, counts in sorted(TALLY.items()):
        terminalreporter.write_line(f"{kind}: " + ", ".join(f"{name} {value:,}" for name, value in counts.items()))


@dataclass
class BrowserCookies:
    """The cookies the tests' stand-in browser sends with its connection (AppTest has no browser).

    A test that seeds `session.USER` (and optionally `session.LAST_SEEN`) into an AppTest's session state
    gets what a real sign-in leaves: a session record and its signed cookie, started at LAST_SEEN; one that
    seeds no user is a browser without the cookie. Set
    `follow_seeded_user = False` to present exactly `cookies` (none: a websocket that joined by session id).
    """

    cookies: dict[str, str]
    follow_seeded_user: bool = True
    user_id: int | None = None


@pytest.fixture(autouse=True)
def browser_cookies(monkeypatch: pytest.MonkeyPatch) -> BrowserCookies:
    import streamlit as st

    from lib.access import sessions
    from lib.platform.times import now_utc
    from lib.ui import resources, session

    jar = BrowserCookies({})

    def cookies() -> dict[str, str]:
        user = st.session_state.get(session.USER)
        if jar.follow_seeded_user and user is None:  # an AppTest without a seeded user: a browser without the cookie
            jar.cookies.clear()
            jar.user_id = None
        elif jar.follow_seeded_user and jar.user_id != user.user_id:
            started = st.session_state.get(session.LAST_SEEN) or now_utc()
            with resources.cursor() as cur:
                token = sessions.claim_ticket(cur, sessions.open_session(cur, user, now=started), now=started)
            jar.cookies[sessions.COOKIE_NAME] = sessions.seal(resources.settings().resolved_secret(), token)
            jar.user_id = user.user_id
        return jar.cookies

    monkeypatch.setattr(session, "_request_cookies", cookies)
    return jar
