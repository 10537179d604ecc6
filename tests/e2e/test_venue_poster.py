"""Real browser: a ward chair registers a venue, downloads its A4 poster (a QR symbol of at least 15 cm, the health
hotline), and the PDF's QR opens that venue."""

import re

import pypdfium2
import pytest
import zxingcpp
from playwright.sync_api import expect

from lib.codes import decoding, tokens
from lib.demo.city import demo_password
from lib.platform.i18n import t
from tests.e2e.conftest import env_for, sign_in

pytestmark = pytest.mark.e2e


def test_register_venue_and_download_a_poster_that_decodes_to_it(server, page, demo_folder, browser):
    page.goto(f"{server}/venues")
    sign_in(page, "phuong1", demo_password("phuong1"))
    page.get_by_role("tab", name=t("venue.tab_new", "vi")).click()
    page.get_by_label(t("venue.name", "vi")).fill("Tiệm bánh Hạnh Phúc")
    page.get_by_label(t("venue.address", "vi")).fill("5 Trần Hưng Đạo")
    page.get_by_label(t("venue.registrant_name", "vi")).fill("Lê Thị Hạnh")
    page.get_by_label(t("venue.registrant_phone", "vi")).fill("+84 983 111 222")
    page.get_by_role("button", name=t("venue.create", "vi"), exact=True).click()
    # the message at the top of the page (a toast repeats it for a while: the top may be off screen)
    created = page.get_by_test_id("stAlertContentSuccess").get_by_text(re.compile(r"Đã đăng ký địa điểm [2-9A-Z]{6}"))
    expect(created).to_be_visible()
    venue_id = re.search(r"([2-9A-Z]{6})\.", created.inner_text()).group(1)

    page.get_by_role("tab", name=t("venue.tab_detail", "vi")).click()  # the new venue is already chosen there
    expect(page.get_by_role("heading", name=re.compile(f"Tiệm bánh Hạnh Phúc \\({venue_id}\\)"))).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("button", name=t("venue.download_pdf", "vi")).click()
    pdf_path = download_info.value.path()
    document = pypdfium2.PdfDocument(str(pdf_path))
    image = document[0].render(scale=100 / 72).to_pil()
    payloads = decoding.decode_image(image)
    assert len(payloads) == 1
    secret = (demo_folder / "signing.key").read_text().strip()
    public_url = env_for(demo_folder).get("QRCHECKIN_PUBLIC_URL", "http://localhost:8501")
    token = tokens.verify(secret, tokens.token_from_scan(payloads[0], public_url))
    assert (token.kind, token.subject, token.version) == ("V", venue_id, 1)
    assert payloads[0].startswith(env_for(demo_folder).get("QRCHECKIN_PUBLIC_URL", "http://localhost:8501"))
    text = document[0].get_textpage().get_text_range()
    assert "Tiệm bánh Hạnh Phúc" in text and "Đường dây nóng y tế: " in text and "Health hotline: " in text
    corners = zxingcpp.read_barcodes(image)[0].position  # the symbol's own corners, not the image box
    assert (corners.top_right.x - corners.top_left.x) / 100 * 25.4 >= 150
    # a phone that opens the poster link, signed out, sees the venue named from the database
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    visitor = phone.new_page()
    visitor.goto(f"{server}/checkin?v={tokens.token_from_scan(payloads[0], public_url)}")
    expect(visitor.get_by_role("heading", name="Tiệm bánh Hạnh Phúc")).to_be_visible()
    expect(visitor.get_by_label(t("self.code", "vi"))).to_be_visible()  # ready to check in
    phone.close()
