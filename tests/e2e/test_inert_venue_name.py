"""Real browser: a venue name and address holding Markdown, HTML and math render as text on the public
/checkin page (issue 17, item 8). The red team's `![x](http://host/…)` loaded from their host and their link
was clickable; here the page must request nothing from that host and hold no such image, link or formula."""

import pytest
from playwright.sync_api import expect

from lib.codes import tokens
from lib.platform import db
from lib.platform.config import load_settings
from tests.conftest import tally
from tests.e2e.conftest import env_for, make_demo_folder, streamlit_server

pytestmark = pytest.mark.e2e

PROBE = "http://127.0.0.1:9/probe"
HOSTILE = (
    f"Quán **Ngon** ![x]({PROBE}.png) [bấm vào](javascript:alert(1)) <img src={PROBE}-img.png onerror=alert(1)>"
    f' <a href="{PROBE}-a">Chợ</a> $x^2$ :red[đỏ] www.evil.example'
)


def _hostile_venue(folder) -> str:
    """Rename one active venue (before the server opens the file) and return its poster token."""
    settings = load_settings(env_for(folder))
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        venue_id, version = cur.execute(
            "SELECT venue_id, code_version FROM venues WHERE status = 'active' ORDER BY venue_id LIMIT 1"
        ).fetchone()
        cur.execute("UPDATE venues SET name = ?, address = ? WHERE venue_id = ?", [HOSTILE, HOSTILE, venue_id])
    db.close_database(settings.db_path)
    return tokens.sign(settings.resolved_secret(), tokens.VENUE, venue_id, int(version))


def test_public_checkin_shows_a_hostile_venue_name_as_text(tmp_path_factory, browser):
    folder = make_demo_folder(tmp_path_factory)
    token = _hostile_venue(folder)
    asked: list[str] = []
    with streamlit_server(folder) as url:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        context.set_default_timeout(60_000)
        page = context.new_page()
        page.on("request", lambda request: asked.append(request.url) if request.url.startswith(PROBE) else None)
        page.goto(f"{url}/checkin?v={token}")
        heading = page.locator("h3", has_text="Quán **Ngon**").first
        expect(heading).to_be_visible(timeout=90_000)  # a loaded machine: the first run of a page can take long
        main = page.locator("section.stMain, [data-testid='stMain']").first
        images = main.locator(f"img[src^='{PROBE}']").count()
        found = main.locator("a[href^='javascript'], a[href^='http://127.0.0.1:9'], a[href*='evil.example']")
        links = found.count()
        hrefs = [found.nth(i).evaluate("a => a.outerHTML.slice(0, 300)") for i in range(links)]
        formulas = main.locator(".katex").count()
        strong = main.locator("strong", has_text="Ngon").count()
        text = heading.inner_text()
        context.close()
    tally("hostile venue name in a real browser (/checkin)", requests_to_probe=len(asked), images=images, links=links, formulas=formulas)
    assert "![x](" in text and "<img" in text and "$x^2$" in text  # shown as typed
    assert asked == [] and images == 0 and links == 0 and formulas == 0 and strong == 0, hrefs
