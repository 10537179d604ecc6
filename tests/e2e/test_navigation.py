"""Real browser: each demo role sees exactly its pages; deep links on a fresh server go through sign-in."""

import pytest
from playwright.sync_api import expect

from lib.access import permissions
from lib.demo.city import DEMO_ACCOUNTS, demo_password
from lib.platform.i18n import t
from lib.ui.navigation import PAGES
from tests.e2e.conftest import make_demo_folder, nav_titles, sign_in, streamlit_server

pytestmark = pytest.mark.e2e


def test_deep_link_as_first_request_shows_sign_in_then_the_page(tmp_path_factory, browser):
    with streamlit_server(make_demo_folder(tmp_path_factory)) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.goto(f"{url}/footfall")  # the very first request this server sees
        expect(page.get_by_role("heading", name=t("app.title", "vi"))).to_be_visible()
        expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
        expect(page.get_by_role("heading", name=t("page.footfall", "vi"))).to_have_count(0)
        expect(page.get_by_text(t("page.coming", "vi"))).to_have_count(0)
        # signed out, the sidebar offers only sign-in and the public pages
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_role("link", name=t("page.declaration", "vi"))).to_be_visible()
        expect(sidebar.get_by_role("link", name=t("page.footfall", "vi"))).to_have_count(0)
        sign_in(page, "vanhoa", demo_password("vanhoa"))
        expect(page.get_by_role("heading", name=t("page.footfall", "vi"))).to_be_visible()
        assert page.url.endswith("/footfall")
        context.close()


def test_public_check_in_page_needs_no_account_and_refuses_foreign_codes(server, page):
    page.goto(f"{server}/checkin?v=sometoken")
    expect(page.get_by_role("heading", name=t("page.checkin", "vi"))).to_be_visible()
    expect(page.get_by_text(t("code.foreign", "vi"))).to_be_visible()


@pytest.mark.parametrize(("username", "role"), [(u, r) for u, r, _, _ in DEMO_ACCOUNTS])
def test_each_role_sees_exactly_its_pages(server, page, username, role):
    page.goto(server)
    sign_in(page, username, demo_password(username))
    expected = [t(f"page.{key}", "vi") for key in PAGES if role in permissions.PAGE_ROLES[key] or permissions.is_public(key)]
    assert sorted(nav_titles(page)) == sorted(expected)


def test_ward_chair_sees_only_phuong_1(server, page):
    page.goto(server)
    sign_in(page, "phuong1", demo_password("phuong1"))
    expect(page.get_by_text("Phạm vi: Phường 1")).to_be_visible()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=t("page.venues", "vi")).click()
    expect(page.get_by_role("heading", name=t("page.venues", "vi"))).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()


def test_wrong_password_shows_message_not_crash(server, page):
    page.goto(server)
    page.get_by_label("Tên đăng nhập").fill("vanhoa")
    page.get_by_label("Mật khẩu").fill("not the password")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text(t("err.sign_in_refused", "vi"))).to_be_visible()


def test_old_home_path_opens_the_home_page(server, page):
    """/home was the home page's address (bookmarks, links in old notes): it opens the home page, not
    Streamlit's English "Page not found"."""
    page.goto(server)
    sign_in(page, "vanhoa", demo_password("vanhoa"))
    page.goto(f"{server}/home")
    expect(page.get_by_role("heading", name=t("page.home", "vi"))).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert sorted(nav_titles(page)).count(t("page.home", "vi")) == 1
