"""Real browser: everyone can read and use every page (issue 16, item 9). axe-core finds no serious or critical
violation on any page, public or signed in, in Vietnamese and English, on a laptop and a phone; the page
declares its language; on a phone no text is under 16 px; the door's coloured result panels are readable; a
keyboard user declares and checks in, and Tab never stops in a hidden sidebar."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from lib.access import permissions
from lib.codes import tokens
from lib.people import identity
from lib.platform import db
from lib.platform.config import load_settings
from lib.platform.i18n import t
from lib.ui.navigation import PAGES
from lib.venues import posters
from tests import builders
from tests.e2e.accessibility import (
    DESKTOP,
    PHONE,
    choose_language,
    serious_violations,
    settled,
    sign_in_as,
    small_text,
    tab_stops,
)
from tests.e2e.conftest import env_for, make_demo_folder, streamlit_server

pytestmark = pytest.mark.e2e

# the default page (home) is served at "/", its own path is not a page of its own
SIGNED_IN_PATHS = ["" if key == "home" else PAGES[key][2] for key in PAGES if not permissions.is_public(key)]


def _city(folder: Path) -> dict:
    """What the tests need from the demo city, read before the server holds the file: a poster link and the
    personal codes of people whose latest declaration is green, yellow and red (no case, no exposure)."""
    settings = load_settings(env_for(folder))
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        venue = builders.open_venue(cur)
        codes = {}
        for level in ("green", "yellow", "red"):
            person_id, version = cur.execute(
                "SELECT p.person_id, p.code_version FROM people p JOIN declarations d USING (person_id)"
                " WHERE d.declared_at = (SELECT max(declared_at) FROM declarations x WHERE x.person_id = p.person_id)"
                " AND d.risk_level = ? AND p.person_id NOT IN (SELECT person_id FROM cases)"
                " AND p.person_id NOT IN (SELECT person_id FROM risk_followups WHERE source = 'exposure')"
                " ORDER BY p.person_id LIMIT 1",
                [level],
            ).fetchone()
            codes[level] = tokens.sign(settings.resolved_secret(), "P", str(person_id), version)
    db.close_database(settings.db_path)
    return {"venue": venue, "poster": posters.venue_token(settings.resolved_secret(), venue), "codes": codes, "folder": folder}


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    folder = make_demo_folder(tmp_path_factory)
    found = _city(folder)
    with streamlit_server(folder) as url:
        yield {**found, "url": url}


def _open(browser: Browser, device: str):
    context = browser.new_context(**(PHONE if device == "phone" else DESKTOP))
    context.set_default_timeout(30_000)
    return context, context.new_page()


def _check(page: Page, path: str, device: str, found: dict[str, object]) -> None:
    violations = serious_violations(page)
    if violations:
        found[f"/{path} axe"] = violations
    if device == "phone" and (small := small_text(page)):
        found[f"/{path} under 16 px"] = small


@pytest.mark.timeout(900)  # 17 pages, each loaded afresh and checked by axe: a minute or two, longer on a busy machine
# each language and each device once: Vietnamese at the officials' desktop, English on a visitor's phone (the four
# combinations cost a minute more of the 20 the suite may take, and contrast, labels and roles do not depend on both)
@pytest.mark.parametrize(("device", "lang"), [("desktop", "vi"), ("phone", "en")])
def test_every_page_has_no_serious_violation_and_declares_its_language(city, browser, device, lang):
    context, page = _open(browser, device)
    url, found = city["url"], {}
    page.goto(url)
    settled(page, "vi")
    if lang == "en":
        choose_language(page, "en")
    for path in ["", "declaration", f"checkin?v={city['poster']}"]:  # signed out: sign-in and the public pages
        page.goto(f"{url}/{path}")
        settled(page, lang)  # the choice survives a new page load (the language cookie)
        _check(page, path or "sign-in", device, found)
    page.goto(url)
    settled(page, lang)
    sign_in_as(page, "demo_admin", lang)
    for path in SIGNED_IN_PATHS:
        page.goto(f"{url}/{path}")
        settled(page, lang)
        expect(page.get_by_role("button", name=t("sidebar.sign_out", lang), include_hidden=True)).to_have_count(1)
        _check(page, path or "home", device, found)
    context.close()
    assert found == {}


def test_door_result_panels_are_readable_in_every_colour(city, browser):
    """White on the old ochre yellow was 2.87:1; each panel (green, yellow, red) passes axe's contrast check."""
    context, page = _open(browser, "desktop")
    page.goto(f"{city['url']}/scan")
    sign_in_as(page, "chosadec")
    for level in ("green", "yellow", "red"):
        page.get_by_label(t("scan.manual", "vi")).fill(city["codes"][level])
        page.get_by_label(t("scan.manual", "vi")).press("Tab")
        settled(page)
        page.get_by_role("button", name=t("scan.manual_go", "vi")).first.click()
        expect(page.get_by_test_id("door-result").first).to_contain_text(t(f"risk.{level}", "vi"), timeout=60_000)
        settled(page)
        # in view where the code was typed: below the camera it was drawn above the top of a laptop's screen
        expect(page.get_by_test_id("door-result").first).to_be_in_viewport()
        assert serious_violations(page) == [], level
    context.close()


def test_venue_qr_image_has_alt_text(city, browser):
    context, page = _open(browser, "desktop")
    page.goto(f"{city['url']}/venues")
    sign_in_as(page, "vanhoa")
    page.get_by_role("tab", name=t("venue.tab_detail", "vi")).click()
    venue = city["venue"]
    box = page.get_by_label(t("venue.pick", "vi"))
    box.click()
    box.fill(venue.venue_id)
    page.get_by_role("option", name=f"{venue.venue_id} — {venue.name}", exact=True).click()
    expect(page.get_by_role("img", name=t("venue.qr_alt", "vi", name=venue.name))).to_be_visible()
    settled(page)
    assert serious_violations(page) == []
    context.close()


def _tab_to(page: Page, label: str, limit: int = 30) -> None:
    """Press Tab, as a person does (looking where the focus went before the next press), until the field or
    button named `label` has the focus; every stop on the way is on screen (never in the hidden sidebar)."""
    seen = []
    for _ in range(limit):
        stop = tab_stops(page, 1)[0]
        settled(page)
        seen.append(stop)
        assert stop is not None and stop["visible"] and not stop["inSidebar"], seen
        if stop["label"].startswith(label):
            return
    raise AssertionError(f"Tab never reached {label!r}: {seen}")


# where the focused element is on the page (its top plus how far every scrolling box above it is scrolled)
_FOCUS_TOP = """() => { const e = document.activeElement; let y = e.getBoundingClientRect().top;
  for (let p = e.parentElement; p; p = p.parentElement) y += p.scrollTop; return y; }"""


def test_a_keyboard_user_on_a_phone_declares_and_checks_in(city, browser):
    """Only the keyboard: Tab from the top of the page through the form in reading order, type, Space and Enter;
    then the poster link, Tab to the one-tap button, Enter. The check-in is recorded."""
    context, page = _open(browser, "phone")
    page.goto(f"{city['url']}/declaration")
    settled(page, "vi")
    order = []
    for label, keys in [
        (t("decl.full_name", "vi"), "Phạm Thị Bàn Phím"),
        (t("decl.birth_year", "vi"), "1979"),
        (t("decl.gender", "vi"), "Nữ\n"),
        (t("decl.phone", "vi"), "0977 123 456"),
        (t("picker.ward", "vi"), "Phường Sa Đéc\n"),
        (t("decl.street", "vi"), "12 Hùng Vương"),
        (t("decl.consent", "vi", days=14)[:20], " "),
        (t("decl.submit", "vi"), "\n"),
    ]:
        _tab_to(page, label)
        order.append(page.evaluate(_FOCUS_TOP))
        for part in keys.split("\n"):
            if part:
                page.keyboard.type(part)
                settled(page)
            if "\n" in keys:
                page.keyboard.press("Enter")
                settled(page)
                break
    assert order == sorted(order)  # Tab walks the form top to bottom
    expect(page.get_by_text(t("decl.done", "vi", n=1))).to_be_visible()
    expect(page.get_by_role("img", name=t("decl.code_alt", "vi", name=identity.mask_name("Phạm Thị Bàn Phím")))).to_be_visible()
    expect(page.get_by_text(t("decl.kept", "vi"))).to_be_visible()  # the phone holds the code before the poster

    page.goto(f"{city['url']}/checkin?v={city['poster']}")
    settled(page, "vi")
    button = t("self.as", "vi", name="")
    # the one-tap buttons are drawn from the codes kept on the phone once the page has read them: a person looks
    # before pressing Tab (pressed before they were there, Tab ran off the end of the page)
    expect(page.get_by_role("button", name=re.compile("^" + re.escape(button))).first).to_be_visible()
    _tab_to(page, button)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("stMarkdownContainer").filter(has_text="ĐÃ VÀO lúc")).to_be_visible()
    context.close()
