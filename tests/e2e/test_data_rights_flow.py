"""Real browser: a resident finds their household again (phone + last four ID digits + birth year), downloads
everything held about it and asks for its deletion; the administrator sees the request with its deadline and
carries it out. Afterwards the household is gone and each step is in the audit log."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from lib.demo.city import demo_password
from lib.platform.i18n import t
from tests.e2e.conftest import make_demo_folder, sign_in, streamlit_server
from tests.e2e.test_tracing_flow import _query

pytestmark = pytest.mark.e2e


def test_resident_downloads_and_asks_deletion_then_admin_carries_it_out(tmp_path_factory, browser):
    folder = make_demo_folder(tmp_path_factory)
    [(household, phone, last4, year, members)] = _query(
        folder,
        "SELECT p.household_id, p.owner_phone, p.id_last4, p.birth_year,"
        " (SELECT count(*) FROM people m WHERE m.household_id = p.household_id) FROM people p"
        " WHERE p.relationship = 'self' AND p.id_last4 IS NOT NULL AND p.owner_phone IS NOT NULL"
        " AND p.household_id NOT IN (SELECT q.household_id FROM people q JOIN cases c USING (person_id))"
        " ORDER BY p.person_id LIMIT 1",
    )
    with streamlit_server(folder) as url:
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, accept_downloads=True)
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.goto(f"{url}/declaration")
        page.get_by_text(t("decl.mode_back", "vi")).click()
        page.get_by_label(t("decl.back_phone", "vi")).fill(phone)
        page.get_by_label(t("decl.back_last4", "vi")).fill(str(last4))
        page.get_by_label(t("decl.back_year", "vi")).fill(str(year))
        page.get_by_role("button", name=t("decl.back_find", "vi")).click()
        page.get_by_text(t("rights.title", "vi")).click()
        with page.expect_download() as info:
            page.get_by_role("button", name=t("rights.download", "vi")).click()
        book = openpyxl.load_workbook(io.BytesIO(info.value.path().read_bytes()))
        assert book.sheetnames[0] == "nguoi" and book["nguoi"].max_row == members + 1
        page.get_by_text(t("rights.delete_confirm", "vi")).click()
        page.get_by_role("button", name=t("rights.delete", "vi")).click()
        expect(page.get_by_text("Đã ghi nhận yêu cầu. Hạn xử lý:")).to_be_visible()
        context.close()

        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.goto(f"{url}/privacy")
        sign_in(page, "demo_admin", demo_password("demo_admin"))
        page.get_by_role("tab", name=t("pv.tab_requests", "vi")).click()
        carry_out = page.get_by_role("button", name=t("pv.carry_out", "vi", id=1).rsplit("#", 1)[0] + "#")
        expect(carry_out.first).to_be_visible()
        carry_out.first.click()
        expect(page.get_by_text("Đã xoá", exact=False).first).to_be_visible()
        page.wait_for_timeout(500)
        context.close()
    assert _query(folder, "SELECT count(*) FROM people WHERE household_id = ?", [household]) == [(0,)]
    actions = {r[0] for r in _query(folder, "SELECT action FROM audit_log WHERE target = ?", [f"household {household}"])}
    assert actions == {"data_access", "data_deletion_requested", "data_deleted"}
