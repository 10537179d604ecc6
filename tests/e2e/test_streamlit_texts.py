"""Streamlit's own English in Vietnamese mode (issue 16, item 7): a walk through the pages that show it — a
multiselect opened, a box being typed in, the file uploader and camera of "Kiểm tra mã QR", a date range's
calendar, a lost connection — finds none of the texts lib/ui/streamlit_texts.py replaces, and finds the
Vietnamese in their place."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from lib.platform.i18n import t
from lib.platform.messages.streamlit_own import MESSAGES
from tests.e2e.accessibility import DESKTOP, settled, sign_in_as
from tests.e2e.conftest import make_demo_folder, streamlit_server
from tests.e2e.test_wander import Network

pytestmark = pytest.mark.e2e

ENGLISH = sorted(entry["en"] for key, entry in MESSAGES.items() if not key.endswith("_re"))
PATTERNS = [entry["en"] for key, entry in MESSAGES.items() if key.endswith("_re")]

# every visible text node and every placeholder / aria-label on the page, trimmed (Markdown the app wrote left out)
_SHOWN = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!parent || parent.closest("style,script,noscript,[data-testid=stIconMaterial]")) continue;
    if (parent.closest("[data-testid=stMarkdownContainer]") && !parent.closest("button")) continue;
    if (!parent.getClientRects().length || getComputedStyle(parent).visibility === "hidden") continue;
    out.push(node.nodeValue.trim());
  }
  document.querySelectorAll("[placeholder],[aria-label]").forEach((e) => {
    out.push((e.getAttribute("placeholder") || "").trim(), (e.getAttribute("aria-label") || "").trim());
  });
  return out.filter(Boolean);
}"""


def english_left(page: Page) -> list[str]:
    """Streamlit's own English still on the page (whole texts of the catalogue, or its patterns)."""
    shown = page.evaluate(_SHOWN)
    return sorted({text for text in shown if text in ENGLISH or any(re.match(p, text) for p in PATTERNS)})


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with streamlit_server(make_demo_folder(tmp_path_factory)) as served:
        yield served


def test_no_streamlit_english_on_the_pages_in_vietnamese(url, browser):
    context = browser.new_context(**DESKTOP)
    context.set_default_timeout(30_000)
    network = Network(context)
    page = context.new_page()
    page.goto(f"{url}/declaration")
    settled(page, "vi")
    page.get_by_label(t("decl.symptoms", "vi")).first.click()  # the list opens with its "Select all"
    expect(page.get_by_role("option", name=t("stw.select_all", "vi"))).to_be_visible()
    assert english_left(page) == []
    page.keyboard.press("Escape")
    page.get_by_label(t("decl.full_name", "vi")).first.press_sequentially("An")  # typing, not yet applied
    expect(page.get_by_text(t("stw.enter_apply", "vi"))).to_have_count(1)  # drawn (shown when there is room)
    expect(page.get_by_text("Press Enter to apply")).to_have_count(0)
    assert english_left(page) == []

    network.lose()  # the status and the dialog Streamlit shows when the server cannot be reached
    expect(page.get_by_role("dialog")).to_be_visible()
    assert english_left(page) == []
    network.restore()
    expect(page.locator('[data-testid="stApp"]')).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=60_000)

    page.goto(f"{url}/check-qr")
    sign_in_as(page, "phuong1")
    settled(page, "vi")
    uploader, camera = page.get_by_test_id("stFileUploader"), page.get_by_test_id("stCameraInput")
    expect(uploader.get_by_role("button", name=t("stw.upload", "vi"))).to_be_visible()
    expect(uploader).to_contain_text("mỗi tệp")
    expect(camera.get_by_role("button", name=t("stw.take_photo", "vi"))).to_be_visible()
    assert english_left(page) == []

    page.goto(f"{url}/footfall")
    settled(page, "vi")
    page.get_by_test_id("stDateInputCalendarButton").first.click()  # the calendar of the date range
    expect(page.get_by_test_id("stDateInputCalendar")).to_be_visible()
    assert english_left(page) == []
    context.close()
