"""Real phone browser on the light poster page: the QR of a printed poster opens `/poster?v=`, the codes the
declaration page kept on this phone become one button each, a tap shows the result and the visit is in
DuckDB as a self check-in; the page switches to English and a pasted code works there too."""

import pytest
from playwright.sync_api import Browser, expect

from lib.codes import tokens
from lib.platform import db
from lib.platform.config import load_settings
from lib.platform.i18n import t
from lib.ui.browser import PHONE_CODES_KEY
from tests.e2e.conftest import env_for, make_demo_folder, streamlit_server
from tests.e2e.test_phone_codes import PHONE, _household_and_poster

pytestmark = pytest.mark.e2e


def _visits(folder, person_ids: list[int]) -> list[tuple]:
    settings = load_settings(env_for(folder))
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        rows = cur.execute(
            "SELECT person_id, venue_id, method, recorded_by FROM checkins WHERE list_contains(?, person_id)"
            " AND method = 'self_scan' AND checked_out_at IS NULL ORDER BY person_id",
            [person_ids],
        ).fetchall()
    db.close_database(settings.db_path)
    return rows


def test_poster_link_on_a_phone_taps_a_kept_code_and_the_visit_is_recorded(tmp_path_factory, browser: Browser):
    folder = make_demo_folder(tmp_path_factory)
    poster, phone_number, owner_code, members = _household_and_poster(folder)
    venue_id = poster.split(".")[2]
    with streamlit_server(folder) as url:
        phone = browser.new_context(**PHONE)
        phone.set_default_timeout(30_000)
        page = phone.new_page()
        page.goto(f"{url}/declaration")  # the household's codes are kept on this phone by the declaration page
        page.get_by_text(t("decl.mode_back", "vi")).click()
        page.get_by_label(t("decl.back_phone", "vi")).fill(phone_number)
        page.get_by_label(t("decl.back_code", "vi")).fill(owner_code)
        page.get_by_role("button", name=t("decl.back_find", "vi")).click()
        page.wait_for_function(f"() => (JSON.parse(localStorage.getItem('{PHONE_CODES_KEY}') || '[]')).length === {len(members)}")
        storage = phone.storage_state()
        phone.close()

        later = browser.new_context(**PHONE, storage_state=storage)  # another day, what the phone camera opens
        later.set_default_timeout(30_000)
        page = later.new_page()
        page.goto(tokens.venue_url(url, poster))
        assert "/poster?v=" in page.url
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        for _, name in members:
            expect(page.get_by_role("button", name=t("self.as", "vi", name=name))).to_be_visible()
        page.get_by_role("button", name=t("self.as", "vi", name=members[1][1])).click()
        result = page.get_by_test_id("door-result")
        expect(result).to_contain_text("ĐÃ VÀO lúc")
        expect(result).to_contain_text(members[1][1])
        # the page stays usable for the next member, and fits the phone's width
        expect(page.get_by_role("button", name=t("self.as", "vi", name=members[0][1]))).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

        page.get_by_role("link", name="English").click()
        page.get_by_label(t("light.paste", "en")).fill(owner_code)
        page.get_by_role("button", name=t("self.go", "en"), exact=True).click()
        expect(page.get_by_test_id("door-result")).to_contain_text("CHECKED IN at")
        later.close()

    assert _visits(folder, [members[0][0], members[1][0]]) == [
        (members[0][0], venue_id, "self_scan", None),
        (members[1][0], venue_id, "self_scan", None),
    ]
