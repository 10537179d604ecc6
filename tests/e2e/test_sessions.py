"""Real browser: staff sign-in survives F5 and a second tab (signed HttpOnly cookie + server-side session
record), sign-out ends it everywhere, and a phone that declared keeps its codes for one tap at any poster."""

import pytest
from playwright.sync_api import Browser, expect

from lib.access import sessions
from lib.demo.city import demo_password
from lib.platform.i18n import t
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


def _signed_in_at_door(page) -> None:
    expect(page.get_by_role("heading", name=t("page.scan", "vi"))).to_be_visible()
    expect(page.get_by_role("button", name=t("sidebar.sign_out", "vi"))).to_be_visible()


def test_door_page_survives_f5_and_a_second_tab_and_sign_out_ends_both(server: str, browser: Browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{server}/scan")
    sign_in(page, "chosadec", demo_password("chosadec"))
    _signed_in_at_door(page)
    cookie = next(c for c in context.cookies() if c["name"] == sessions.COOKIE_NAME)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie").find(sessions.COOKIE_NAME) == -1  # not readable by scripts

    page.reload()  # F5
    _signed_in_at_door(page)
    second = context.new_page()  # a second tab of the same browser
    second.goto(f"{server}/scan")
    _signed_in_at_door(second)

    second.get_by_role("button", name=t("sidebar.sign_out", "vi")).click()
    expect(second.get_by_label("Tên đăng nhập")).to_be_visible()
    page.reload()  # the first tab's cookie names a revoked session now
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
    expect(page.get_by_role("heading", name=t("page.scan", "vi"))).to_have_count(0)
    context.close()


def test_a_browser_without_the_cookie_is_signed_out(server: str, browser: Browser):
    """Another browser (no cookie) opening the same deep link sees only the sign-in form."""
    one = browser.new_context(viewport={"width": 1400, "height": 1000})
    one.set_default_timeout(30_000)
    page = one.new_page()
    page.goto(f"{server}/footfall")
    sign_in(page, "vanhoa", demo_password("vanhoa"))
    expect(page.get_by_role("heading", name=t("page.footfall", "vi"))).to_be_visible()
    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    other.set_default_timeout(30_000)
    stranger = other.new_page()
    stranger.goto(f"{server}/footfall")
    expect(stranger.get_by_label("Tên đăng nhập")).to_be_visible()
    expect(stranger.get_by_role("heading", name=t("page.footfall", "vi"))).to_have_count(0)
    one.close()
    other.close()
