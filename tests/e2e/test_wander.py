"""The wander suite (issue 16): the walks a newcomer makes in a real browser — a second selection right after
the first, a language switch in the middle of a form, F5, a second tab, a phone, a connection lost while
typing — each asserting what the person sees (no traceback, still signed in, still in the chosen language)
and what is stored (what the person asked for, and nothing else), and every role through every page it may see
(both languages, F5, a second tab) changing nothing. One server for the module.

What is stored is read from a backup the running server makes (`python -m lib.cli backup`): the server holds
the database file for as long as it runs."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, WebSocketRoute, expect

from lib.access import permissions
from lib.access.scope import CITY, Scope
from lib.demo.city import PHUONG_1
from lib.people import identity
from lib.platform import db
from lib.platform.config import PROJECT_ROOT, load_settings
from lib.platform.i18n import t
from lib.ui.navigation import PAGES
from lib.venues import lookup, posters
from tests.e2e.accessibility import DESKTOP, PHONE, choose_language, settled, sign_in_as
from tests.e2e.conftest import choose, env_for, make_demo_folder, streamlit_server

pytestmark = pytest.mark.e2e

VENUE_COLUMNS = "venue_id, name, category, status, code_version, ward_code, address, capacity, registrant_phone, starts_at, ends_at"


def _venues(cur: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    return {row[0]: row for row in cur.execute(f"SELECT {VENUE_COLUMNS} FROM venues").fetchall()}


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The demo city before anyone wandered (its venues, two venues of Phường 1 with different statuses, a
    poster link), served by one server for the whole module."""
    folder = make_demo_folder(tmp_path_factory)
    settings = load_settings(env_for(folder))
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        cur.execute(
            "UPDATE venues SET status = 'suspended' WHERE venue_id = (SELECT min(venue_id) FROM venues WHERE ward_code = ?"
            " AND status = 'active' AND starts_at IS NULL)",
            [PHUONG_1],
        )  # a suspended venue in the chair's ward, opened right before an active one
        before = _venues(cur)
        suspended, active = (
            cur.execute(
                "SELECT venue_id, name FROM venues WHERE ward_code = ? AND status = ? AND starts_at IS NULL ORDER BY venue_id LIMIT 1",
                [PHUONG_1, status],
            ).fetchone()
            for status in ("suspended", "active")
        )
        venue = lookup.get_venue(cur, Scope(CITY), active[0])
    db.close_database(settings.db_path)
    with streamlit_server(folder) as url:
        yield {
            "url": url,
            "folder": folder,
            "venues": before,
            "suspended": suspended,
            "active": active,
            "poster": posters.venue_token(settings.resolved_secret(), venue),
            "poster_venue": venue.venue_id,
        }


def _stored(folder: Path, into: Path) -> duckdb.DuckDBPyConnection:
    """A consistent copy of what the running server has stored (its own backup, opened with the key)."""
    done = subprocess.run(
        [sys.executable, "-m", "lib.cli", "backup", str(into)],
        cwd=PROJECT_ROOT,
        env=env_for(folder),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    (made,) = into.glob("qrcheckin-*.duckdb")
    return db.connect(made, (folder / "db.key").read_text().strip())


def _fine(page: Page, lang: str) -> None:
    """The run is over, the page speaks `lang`, and nothing on it is a traceback or Streamlit's own error."""
    settled(page, lang)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)


def _signed_in(page: Page, lang: str) -> None:
    expect(page.get_by_role("button", name=t("sidebar.sign_out", lang), include_hidden=True)).to_have_count(1)


def _open(browser: Browser, device: dict) -> tuple[BrowserContext, Page]:
    context = browser.new_context(**device)
    context.set_default_timeout(30_000)
    return context, context.new_page()


def test_ward_chair_registers_a_venue_across_a_language_switch_then_opens_two_in_a_row(city, browser, tmp_path):
    context, page = _open(browser, DESKTOP)
    page.goto(f"{city['url']}/venues")
    sign_in_as(page, "phuong1")
    _fine(page, "vi")
    page.get_by_role("tab", name=t("venue.tab_new", "vi")).click()
    page.get_by_label(t("venue.name", "vi")).fill("Chợ đêm Lang Thang")
    choose(page, t("venue.category", "vi"), t("cat.market", "vi"), nth=1)  # the first is the list's filter
    page.get_by_label(t("venue.address", "vi")).fill("9 Trần Hưng Đạo")
    page.get_by_label(t("venue.registrant_name", "vi")).fill("Ngô Văn Chợ")
    page.get_by_label(t("venue.registrant_phone", "vi")).fill("0918 765 432")

    choose_language(page, "en")  # halfway through the form
    _fine(page, "en")
    page.get_by_role("tab", name=t("venue.tab_new", "en")).click()
    expect(page.get_by_label(t("venue.name", "en"))).to_have_value("Chợ đêm Lang Thang")
    expect(page.get_by_label(t("venue.category", "en")).nth(1)).to_have_value(t("cat.market", "en"))
    expect(page.get_by_label(t("venue.registrant_phone", "en"))).to_have_value("0918 765 432")
    page.get_by_role("button", name=t("venue.create", "en"), exact=True).click()
    expect(page.get_by_text(re.compile(r"^Registered venue \w+\.$"))).to_be_visible()
    _fine(page, "en")

    page.get_by_role("tab", name=t("venue.tab_detail", "en")).click()
    for venue_id, name in (city["suspended"], city["active"]):  # a suspended venue, then an active one
        choose(page, t("venue.pick", "en"), f"{venue_id} — {name}")
        expect(page.get_by_role("heading", name=re.compile(re.escape(f"{name} ({venue_id})")))).to_be_visible()
        _fine(page, "en")
    active_id, active_name = city["active"]
    expect(page.get_by_role("heading", name=f"{active_name} ({active_id}) · {t('status.active', 'en')}")).to_be_visible()

    page.reload()  # F5: still signed in, still in English, on the same page
    _fine(page, "en")
    _signed_in(page, "en")
    expect(page.get_by_role("heading", name=t("page.venues", "en"), exact=True)).to_be_visible()
    context.close()

    stored = _stored(city["folder"], tmp_path)
    try:
        now = _venues(stored)
    finally:
        stored.close()
    new = {venue_id: row for venue_id, row in now.items() if venue_id not in city["venues"]}
    assert [(row[1], row[2], row[3], row[5], row[6], row[8]) for row in new.values()] == [
        ("Chợ đêm Lang Thang", "market", "active", PHUONG_1, "9 Trần Hưng Đạo", "0918765432")
    ]
    assert {venue_id: row for venue_id, row in now.items() if venue_id in city["venues"]} == city["venues"]  # no other change


def test_officer_keeps_sign_in_and_language_through_f5_and_a_second_tab(city, browser, tmp_path):
    context, page = _open(browser, DESKTOP)
    page.goto(f"{city['url']}/footfall")
    sign_in_as(page, "vanhoa")
    choose_language(page, "en")
    expect(page.get_by_role("heading", name=t("page.footfall", "en"), exact=True)).to_be_visible()

    page.reload()
    _fine(page, "en")
    _signed_in(page, "en")
    expect(page.get_by_role("heading", name=t("page.footfall", "en"), exact=True)).to_be_visible()

    second = context.new_page()  # the same address in a second tab
    second.goto(f"{city['url']}/compliance")
    _fine(second, "en")
    _signed_in(second, "en")
    expect(second.get_by_role("heading", name=t("page.compliance", "en"), exact=True)).to_be_visible()
    choose_language(second, "vi")  # back to Vietnamese in the second tab; the first follows at its next load
    page.reload()
    _fine(page, "vi")
    _signed_in(page, "vi")
    expect(page.get_by_role("heading", name=t("page.footfall", "vi"), exact=True)).to_be_visible()
    context.close()

    stored = _stored(city["folder"], tmp_path)
    try:
        sessions = stored.execute(
            "SELECT count(*), count(*) FILTER (WHERE revoked_at IS NULL) FROM staff_sessions s JOIN users u USING (user_id)"
            " WHERE u.username = 'vanhoa'"
        ).fetchone()
    finally:
        stored.close()
    assert sessions == (1, 1)  # one sign-in, one session: F5 and the second tab made none of their own


class Network:
    """The phone's connection, which the test can lose: open Streamlit websockets are cut and new ones refused
    (Chromium's offline mode alone leaves an open websocket alone)."""

    def __init__(self, context: BrowserContext) -> None:
        self.context, self.up, self.open = context, True, []
        context.route_web_socket(re.compile(r".*/_stcore/stream"), self._route)

    def _route(self, socket: WebSocketRoute) -> None:
        if not self.up:
            socket.close()
            return
        self.open.append((socket, socket.connect_to_server()))

    def lose(self) -> None:
        self.up = False
        self.context.set_offline(True)
        for socket, server in self.open:
            server.close()
            socket.close()
        self.open.clear()

    def restore(self) -> None:
        self.up = True
        self.context.set_offline(False)


# Failed before lib/ui/browser.py reran the page on reconnect: under load (two busy loops on 2 cores) the page stayed
# cut short where the lost run had got to (no name box, or no ward and no button) in 4 of 9 runs; with the rerun alone
# the name box came back empty in 1 of 8 (lib/ui/reconnect.py now restores for a few seconds); 8 of 8 passed after.
def test_resident_on_a_phone_declares_through_a_lost_connection_and_checks_in_from_a_second_tab(city, browser, tmp_path):
    context = browser.new_context(**PHONE)
    context.set_default_timeout(30_000)
    network = Network(context)
    page = context.new_page()
    page.goto(f"{city['url']}/declaration")
    _fine(page, "vi")
    page.get_by_label(t("decl.full_name", "vi")).first.fill("Trịnh Thị Lạc Sóng")
    page.get_by_label(t("decl.birth_year", "vi")).first.fill("1994")
    choose(page, t("decl.gender", "vi"), t("gender.Nữ", "vi"))

    network.lose()  # the phone loses its connection in the middle of the form
    expect(page.locator('[data-testid="stApp"]')).not_to_have_attribute("data-test-connection-state", "CONNECTED")
    expect(page.get_by_role("dialog")).to_be_visible()  # told so (in Vietnamese: lib/ui/streamlit_texts.py)
    network.restore()
    expect(page.locator('[data-testid="stApp"]')).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=60_000)
    _fine(page, "vi")
    expect(page.get_by_label(t("decl.full_name", "vi")).first).to_have_value("Trịnh Thị Lạc Sóng")  # nothing typed is lost
    expect(page.get_by_label(t("decl.birth_year", "vi")).first).to_have_value("1994")

    page.get_by_label(t("decl.phone", "vi"), exact=True).fill("0945 321 678")
    choose(page, t("picker.ward", "vi"), "Phường Sa Đéc")
    page.get_by_label(t("decl.street", "vi")).fill("3 Nguyễn Huệ")
    page.get_by_text(re.compile("^Tôi cam kết thông tin khai")).click()
    page.get_by_role("button", name=t("decl.submit", "vi")).click()
    expect(page.get_by_text(t("decl.done", "vi", n=1))).to_be_visible()
    masked = identity.mask_name("Trịnh Thị Lạc Sóng")
    expect(page.get_by_role("img", name=t("decl.code_alt", "vi", name=masked))).to_be_visible()
    _fine(page, "vi")

    poster = context.new_page()  # the venue's poster, scanned with the phone camera: a second tab
    poster.goto(f"{city['url']}/checkin?v={city['poster']}")
    _fine(poster, "vi")
    poster.get_by_role("button", name=t("self.as", "vi", name=masked)).click()
    expect(poster.get_by_test_id("stMarkdownContainer").filter(has_text="ĐÃ VÀO lúc")).to_be_visible()
    _fine(poster, "vi")
    context.close()

    stored = _stored(city["folder"], tmp_path)
    try:
        declared = stored.execute(
            "SELECT p.full_name, p.birth_year, p.gender, count(d.person_id) FROM people p JOIN declarations d USING (person_id)"
            " WHERE p.owner_phone = '0945321678' GROUP BY ALL"
        ).fetchall()
        visits = stored.execute(
            "SELECT c.venue_id, c.method FROM checkins c JOIN people p USING (person_id) WHERE p.owner_phone = '0945321678'"
        ).fetchall()
    finally:
        stored.close()
    assert declared == [("TRỊNH THỊ LẠC SÓNG", 1994, "Nữ", 1)]  # once, although the connection broke
    assert visits == [(city["poster_venue"], "self_scan")]


# What a walk through every page must leave as it was: the rows people, venues and accounts are, minus what time
# alone changes (a visit closed at its default stay, a sign-in's last_login_at and failed count).
SNAPSHOT = {
    "venues": VENUE_COLUMNS,
    "users": "user_id, username, full_name, role, ward_scheme, ward_code, active",
    "people": "person_id, household_id, full_name, birth_year, scheme, ward_code, phone, code_version",
    "cases": "case_id, person_id, test_date, onset_date, status, closed_at",
    "risk_followups": "followup_id, person_id, case_id, source, status, assignee, notes",
    "checkins": "checkin_id, person_id, venue_id, checked_in_at, method, recorded_by",
}
# door staff and ward chairs walk on a phone (a guard scans from one, a chair reads the ward on one). Staff walk
# first, so F5 and a second tab are pressed on the door's pages on a phone; the chair walks last (on a phone F5 of
# every ward page took 117 s of the suite's 20 minutes), switching languages on pages the desk roles reloaded
ROLES = {"staff": "chosadec", "admin": "demo_admin", "office": "vanhoa", "health": "yte", "ward": "phuong1"}
ON_A_PHONE = ("staff", "ward")


def _snapshot(folder: Path, into: Path) -> dict[str, list[tuple]]:
    stored = _stored(folder, into)
    try:
        return {table: stored.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall() for table, columns in SNAPSHOT.items()}
    finally:
        stored.close()


def _fresh(page: Page) -> None:
    """_fine after a load that starts a new session (F5, a second tab): the component that sets <html lang> may take
    over 15 s to mount on a busy machine (seen at load 16-33), so it gets a minute before the usual checks."""
    settled(page)
    expect(page.locator("html")).to_have_attribute("lang", "vi", timeout=60_000)
    _fine(page, "vi")


def _pages_of(role: str) -> list[str]:
    """The URL paths of the pages a role may open, from the navigation's table and the permissions' (home at /)."""
    return [
        "" if key == "home" else PAGES[key][2] for key in PAGES if role in permissions.PAGE_ROLES[key] and not permissions.is_public(key)
    ]


# pages already reloaded (F5) and opened in a second tab by an earlier role: a page is the same script for every
# role, so later roles only walk it through both languages (the suite took 11 minutes at load 6-33 otherwise)
_RELOADED: set[str] = set()


@pytest.mark.timeout(900)  # a role sees up to 13 pages: 65-300 s at load 16-33 on 2 cores
@pytest.mark.parametrize("role", list(ROLES))
def test_every_role_wanders_every_page_through_both_languages_f5_and_a_second_tab_and_changes_nothing(city, browser, tmp_path, role):
    before = _snapshot(city["folder"], tmp_path / "before")
    context, page = _open(browser, PHONE if role in ON_A_PHONE else DESKTOP)
    paths = _pages_of(role)
    page.goto(f"{city['url']}/{paths[0]}")
    sign_in_as(page, ROLES[role])
    for path in paths:
        page.goto(f"{city['url']}/{path}")
        _fine(page, "vi")
        _signed_in(page, "vi")
        choose_language(page, "en")
        _fine(page, "en")
        choose_language(page, "vi")
        _fine(page, "vi")
        if path in _RELOADED:
            continue
        _RELOADED.add(path)
        page.reload()  # F5: still signed in, still in Vietnamese
        _fresh(page)
        _signed_in(page, "vi")
        second = context.new_page()  # the same address in a second tab
        second.goto(page.url)
        _fresh(second)
        _signed_in(second, "vi")
        second.close()
    context.close()
    assert _snapshot(city["folder"], tmp_path / "after") == before, f"{role} changed something by looking"
