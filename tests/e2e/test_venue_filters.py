"""Real browser: the venue list's filters keep their choice across a language switch (the choice is a code;
only its label changes), including the "All" choice, which is the option None."""

import re

import pytest
from playwright.sync_api import expect

from lib.demo.city import demo_password
from lib.platform.i18n import t
from tests.e2e.conftest import choose, sign_in

pytestmark = pytest.mark.e2e


def test_category_filter_keeps_its_choice_across_a_language_switch(server, page):
    page.goto(f"{server}/venues")
    sign_in(page, "vanhoa", demo_password("vanhoa"))
    expect(page.get_by_role("heading", name=t("page.venues", "vi"))).to_be_visible()
    choose(page, t("venue.category", "vi"), t("cat.market", "vi"))
    choose(page, t("sidebar.language", "vi"), "English")
    expect(page.get_by_role("heading", name=t("page.venues", "en"))).to_be_visible()
    # the chosen category stays chosen, and the filters left at "All" still read "All", not empty
    expect(page.get_by_role("combobox", name=t("venue.category", "en")).first).to_have_value(t("cat.market", "en"))
    expect(page.get_by_role("combobox", name=t("col.ward", "en")).first).to_have_value(t("filter.all", "en"))
    expect(page.get_by_role("combobox", name=t("col.status", "en")).first).to_have_value(t("filter.all", "en"))


def test_the_open_tab_stays_open_across_a_language_switch(server, page):
    """The walk: switching language on "Chi tiết và mã QR" threw the ward chair back to "Danh sách"."""
    page.goto(f"{server}/venues")
    sign_in(page, "vanhoa", demo_password("vanhoa"))
    page.get_by_role("tab", name=t("venue.tab_detail", "vi")).click()
    expect(page.get_by_role("tab", name=t("venue.tab_detail", "vi"))).to_have_attribute("aria-selected", "true")
    choose(page, t("sidebar.language", "vi"), "English")
    expect(page.get_by_role("heading", name=t("page.venues", "en"))).to_be_visible()
    expect(page.get_by_role("tab", name=t("venue.tab_detail", "en"))).to_have_attribute("aria-selected", "true")


def test_f5_and_a_second_tab_keep_the_open_tab_and_the_chosen_venue(server, page):
    """The walk: F5 on a venue's detail threw the officer back to the list with nothing chosen. The tab's code
    and the venue's id are kept in the URL, so a reload or the same URL in a second tab opens where they were."""
    page.goto(f"{server}/venues")
    sign_in(page, "vanhoa", demo_password("vanhoa"))
    page.get_by_role("tab", name=t("venue.tab_detail", "vi")).click()
    picker = page.get_by_role("combobox", name=t("venue.pick", "vi")).first
    picker.click()
    option = page.get_by_role("option").nth(3)
    chosen = option.inner_text().strip()
    option.click()
    expect(picker).to_have_value(chosen)
    expect(page).to_have_url(re.compile(r"venue=[2-9A-Z]{6}"))
    page.reload()
    _shows_the_detail_of(page, chosen)
    second = page.context.new_page()
    second.goto(page.url)
    _shows_the_detail_of(second, chosen)


def _shows_the_detail_of(view, chosen: str) -> None:
    expect(view.get_by_role("tab", name=t("venue.tab_detail", "vi"))).to_have_attribute("aria-selected", "true")
    expect(view.get_by_role("combobox", name=t("venue.pick", "vi")).first).to_have_value(chosen)
