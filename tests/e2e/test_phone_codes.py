"""Real phone browser: a household found on the declaration page keeps its personal codes on the phone
(localStorage: masked name and signed code only); a venue poster opened later on that phone, in a new
browser session, offers one tap per member; "Quên điện thoại này" removes them."""

import json

import pytest
from playwright.sync_api import Browser, expect

from lib.codes import tokens
from lib.people import identity
from lib.platform import db
from lib.platform.config import load_settings
from lib.platform.i18n import t
from lib.ui.browser import PHONE_CODES_KEY
from lib.venues import posters
from tests import builders
from tests.e2e.conftest import env_for, make_demo_folder, streamlit_server

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}


def _household_and_poster(folder):
    settings = load_settings(env_for(folder))
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        venue = builders.open_venue(cur)
        household = cur.execute(
            "SELECT household_id FROM people WHERE owner_phone IS NOT NULL GROUP BY household_id HAVING count(*) >= 2"
            " ORDER BY household_id LIMIT 1"
        ).fetchone()[0]
        members = cur.execute(
            "SELECT person_id, full_name, code_version, phone FROM people WHERE household_id = ? ORDER BY person_id", [household]
        ).fetchall()
    db.close_database(settings.db_path)
    secret = settings.resolved_secret()
    owner = members[0]
    return (
        posters.venue_token(secret, venue),
        owner[3],
        tokens.sign(secret, "P", str(owner[0]), owner[2]),
        [(pid, identity.mask_name(name)) for pid, name, _, _ in members],
    )


def test_codes_kept_on_the_phone_offer_one_tap_at_any_poster(tmp_path_factory, browser: Browser):
    folder = make_demo_folder(tmp_path_factory)
    poster, phone_number, owner_code, members = _household_and_poster(folder)
    with streamlit_server(folder) as url:
        phone = browser.new_context(**PHONE)
        phone.set_default_timeout(30_000)
        page = phone.new_page()
        page.goto(f"{url}/declaration")
        page.get_by_text(t("decl.mode_back", "vi")).click()
        page.get_by_label(t("decl.back_phone", "vi")).fill(phone_number)
        page.get_by_label(t("decl.back_code", "vi")).fill(owner_code)
        page.get_by_role("button", name=t("decl.back_find", "vi")).click()
        expect(page.get_by_text(t("decl.kept", "vi"))).to_be_visible()
        expect(page.get_by_role("img", name=t("decl.code_alt", "vi", name=members[0][1]))).to_be_visible()  # alt text
        page.wait_for_function(f"(JSON.parse(localStorage.getItem('{PHONE_CODES_KEY}') || '[]')).length === {len(members)}")
        kept = json.loads(page.evaluate(f"localStorage.getItem('{PHONE_CODES_KEY}')"))
        assert sorted(kept[0]) == ["code", "name", "person"]  # nothing personal beyond the masked name and code
        assert {k["name"] for k in kept} == {name for _, name in members}
        storage = phone.storage_state()
        phone.close()

        later = browser.new_context(**PHONE, storage_state=storage)  # the same phone, another day: a new session
        later.set_default_timeout(30_000)
        page = later.new_page()
        page.goto(f"{url}/checkin?v={poster}")
        for _, name in members:
            expect(page.get_by_role("button", name=t("self.as", "vi", name=name))).to_be_visible()
        page.get_by_role("button", name=t("self.as", "vi", name=members[1][1])).click()
        expect(page.get_by_test_id("stMarkdownContainer").filter(has_text="ĐÃ VÀO lúc")).to_be_visible()

        page.get_by_role("button", name=t("self.forget", "vi")).click()
        expect(page.get_by_text(t("self.forgotten", "vi"))).to_be_visible()
        expect(page.get_by_role("button", name=t("self.as", "vi", name=members[0][1]))).to_have_count(0)
        page.wait_for_function(f"() => localStorage.getItem('{PHONE_CODES_KEY}') === null")
        page.goto(f"{url}/checkin?v={poster}")
        expect(page.get_by_label(t("self.code", "vi"))).to_be_visible()
        expect(page.get_by_role("button", name=t("self.as", "vi", name=members[0][1]))).to_have_count(0)
        later.close()
