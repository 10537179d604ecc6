"""Real browser: a language switch in the middle of the declaration keeps every answer on screen (the radio
stays answered, the chosen symptom and relationship stay chosen) and in the stored declaration."""

import re

import pytest
from playwright.sync_api import Page, expect

from lib.platform import db
from lib.platform.config import load_settings
from lib.platform.i18n import t
from tests.e2e.conftest import choose, env_for, make_demo_folder, streamlit_server

pytestmark = pytest.mark.e2e


def _switch(page: Page, lang: str, to: str) -> None:
    choose(page, t("sidebar.language", lang), to)
    expect(page.get_by_role("heading", name=t("page.declaration", "en" if to == "English" else "vi"))).to_be_visible()


def _contact_group(page: Page, lang: str):
    return page.get_by_role("radiogroup", name=t("decl.contact_case", lang))


def test_switching_language_mid_declaration_keeps_the_answers(tmp_path_factory, browser):
    folder = make_demo_folder(tmp_path_factory)
    with streamlit_server(folder) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(30_000)
        _declare_across_a_switch(context.new_page(), url)
        context.close()
    settings = load_settings(env_for(folder))
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        row = cur.execute(
            "SELECT d.symptoms, d.symptom_details, d.contact_case, d.contact_details FROM declarations d"
            " JOIN people p USING (person_id) WHERE p.owner_phone = '0933888551'"
        ).fetchone()
    db.close_database(settings.db_path)
    assert row == (["fever"], "Sốt 38 độ", True, "Chồng là F0")


def _declare_across_a_switch(page: Page, server: str) -> None:
    page.goto(f"{server}/declaration")
    expect(page.get_by_role("heading", name=t("page.declaration", "vi"))).to_be_visible()
    page.get_by_label(t("decl.full_name", "vi")).first.fill("Đỗ Thị Lan")
    page.get_by_label(t("decl.birth_year", "vi")).first.fill("1988")
    choose(page, t("decl.gender", "vi"), "Nữ")
    page.get_by_label(t("decl.phone", "vi"), exact=True).fill("0933 888 551")
    choose(page, t("decl.symptoms", "vi"), t("sym.fever", "vi"))
    page.get_by_label(t("decl.symptom_details", "vi")).fill("Sốt 38 độ")
    _contact_group(page, "vi").get_by_text(t("decl.yes", "vi"), exact=True).click()
    page.get_by_label(t("decl.contact_details", "vi")).fill("Chồng là F0")

    _switch(page, "vi", "English")
    expect(_contact_group(page, "en").get_by_role("radio", name=t("decl.yes", "en"))).to_be_checked()
    expect(page.get_by_text(t("sym.fever", "en"), exact=True)).to_be_visible()
    choose(page, t("picker.ward", "en"), "Phường Sa Đéc")  # keep filling in English: a run in the new language
    page.get_by_label(t("decl.street", "en")).fill("5 Lê Lợi")
    page.get_by_label(t("decl.street", "en")).press("Enter")
    expect(_contact_group(page, "en").get_by_role("radio", name=t("decl.yes", "en"))).to_be_checked()

    _switch(page, "en", "Tiếng Việt")
    expect(_contact_group(page, "vi").get_by_role("radio", name=t("decl.yes", "vi"))).to_be_checked()
    page.get_by_text(re.compile("^Tôi cam kết thông tin khai")).click()
    page.get_by_role("button", name=t("decl.submit", "vi")).click()
    expect(page.get_by_text(t("decl.done", "vi", n=1))).to_be_visible()
