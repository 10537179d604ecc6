"""Real browser on a phone-sized window: declare for oneself and a relative without a phone, leave with two
codes, and the printable cards PDF decodes to exactly those two codes."""

import re

import pypdfium2
import pytest
from playwright.sync_api import expect

from lib.codes import decoding, tokens
from lib.platform.i18n import t
from tests.e2e.conftest import choose

pytestmark = pytest.mark.e2e


def test_declare_on_a_phone_and_download_the_codes(server, browser, demo_folder):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{server}/declaration")
    expect(page.get_by_role("heading", name=t("page.declaration", "vi"))).to_be_visible()
    page.get_by_label(t("decl.full_name", "vi")).first.fill("Phan Thị Thu Hà")
    page.get_by_label(t("decl.birth_year", "vi")).first.fill("1990")
    choose(page, t("decl.gender", "vi"), "Nữ")
    page.get_by_label(t("decl.phone", "vi"), exact=True).fill("0901 234 567")
    choose(page, t("picker.ward", "vi"), "Phường Sa Đéc")
    page.get_by_label(t("decl.street", "vi")).fill("8 Hai Bà Trưng")
    count = page.get_by_label(t("decl.relatives", "vi"))
    count.fill("1")
    count.press("Enter")
    expect(page.get_by_label(t("decl.full_name", "vi"))).to_have_count(2)
    page.get_by_label(t("decl.full_name", "vi")).nth(1).fill("Phan Gia Huy")
    page.get_by_label(t("decl.birth_year", "vi")).nth(1).fill("2019")
    choose(page, t("decl.gender", "vi"), "Nam", nth=1)
    choose(page, t("decl.relationship", "vi"), t("rel.child", "vi"))
    page.get_by_text(re.compile("^Tôi cam kết thông tin khai")).click()
    page.get_by_role("button", name=t("decl.submit", "vi")).click()
    expect(page.get_by_text(t("decl.done", "vi", n=2))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^PHAN T\*\* T\*\* H\*\* · khai báo lúc"))).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("button", name=t("decl.download_cards", "vi")).click()
    image = pypdfium2.PdfDocument(str(download_info.value.path()))[0].render(scale=150 / 72).to_pil()
    payloads = decoding.decode_image(image)
    secret = (demo_folder / "signing.key").read_text().strip()
    assert len(payloads) == 2
    assert {tokens.verify(secret, p).kind for p in payloads} == {"P"}
    assert not any("PHAN" in p or "0901234567" in p or "1990" in p for p in payloads)
    context.close()
