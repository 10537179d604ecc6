"""Real browser on a phone: open a venue poster's link, check in with a personal code, and the visit is in
DuckDB as a self check-in."""

import pytest
from playwright.sync_api import expect

from lib.codes import tokens
from lib.platform import db
from lib.platform.config import load_settings
from lib.platform.i18n import t
from lib.venues import posters
from tests import builders
from tests.e2e.conftest import env_for, make_demo_folder, streamlit_server

pytestmark = pytest.mark.e2e


def test_phone_opens_poster_link_and_checks_in(tmp_path_factory, browser):
    folder = make_demo_folder(tmp_path_factory)
    settings = load_settings(env_for(folder))
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        venue = builders.open_venue(cur)
        person_id, version = cur.execute("SELECT person_id, code_version FROM people ORDER BY person_id LIMIT 1").fetchone()
    db.close_database(settings.db_path)
    secret = settings.resolved_secret()
    poster_token = posters.venue_token(secret, venue)
    code = tokens.sign(secret, "P", str(person_id), version)

    with streamlit_server(folder) as url:
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        phone.set_default_timeout(30_000)
        page = phone.new_page()
        page.goto(f"{url}/checkin?v={poster_token}")
        # the first page of a freshly started server (the database opens on the first request)
        expect(page.get_by_role("heading", name=venue.name)).to_be_visible(timeout=30_000)
        page.get_by_label(t("self.code", "vi")).fill(code)
        page.get_by_role("button", name=t("self.go", "vi"), exact=True).click()
        expect(page.get_by_test_id("stMarkdownContainer").filter(has_text="ĐÃ VÀO lúc")).to_be_visible()
        # the beep plays but is not a player on the screen (the walk saw "0:00 / 0:00" under the result)
        expect(page.get_by_test_id("stAudio")).to_have_count(1)
        expect(page.get_by_test_id("stAudio")).to_be_hidden()
        phone.close()

    root = db.open_database(settings)
    with db.cursor(root) as cur:
        rows = cur.execute(
            "SELECT method, venue_id FROM checkins WHERE person_id = ? AND method = 'self_scan'"
            " AND recorded_by IS NULL AND checked_out_at IS NULL",
            [person_id],
        ).fetchall()
    db.close_database(settings.db_path)
    assert ("self_scan", venue.venue_id) in rows
