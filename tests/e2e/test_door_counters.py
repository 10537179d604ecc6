"""The door's counters ("Đang có mặt", "Lượt vào hôm nay") follow the check-ins while the camera runs: Chromium's
fake camera plays a personal code at one door, and the counters rise with that scan and with a check-in
recorded at a second door of the same venue, without the page being reloaded or the camera stopped (they
froze when they were drawn outside the live fragment, which alone reruns while the camera plays)."""

import re

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from lib.demo.city import demo_password
from lib.platform.i18n import t
from tests.e2e.conftest import make_demo_folder, sign_in, streamlit_server
from tests.e2e.webcam_flow import RESULT_TEXT, camera_browser, code_frame, people_to_scan, recorded_visits, write_y4m

pytestmark = pytest.mark.e2e


def _metric(page: Page, key: str) -> Locator:
    """The value of the door's metric labelled with the catalogue text `key`."""
    return page.get_by_test_id("stMetric").filter(has_text=t(key, "vi")).get_by_test_id("stMetricValue")


def _number(locator: Locator) -> int:
    return int(re.sub(r"\D", "", locator.inner_text()))


def _door(browser: Browser, url: str) -> Page:
    """A door page of the demo market's staff in its own browser context (its own session)."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{url}/scan")
    sign_in(page, "chosadec", demo_password("chosadec"))
    expect(_metric(page, "scan.today")).to_be_visible()
    return page


def _shows(locator: Locator, value: int) -> None:
    expect(locator).to_have_text(re.compile(rf"^\D*{value}\D*$"))


def test_counters_follow_checkins_while_the_camera_runs(tmp_path_factory, tmp_path, playwright):
    folder = make_demo_folder(tmp_path_factory)
    [(scanned, code), (_, second_code)] = people_to_scan(folder, 2)
    video = tmp_path / "qr.y4m"
    write_y4m(video, [code_frame(code)] * 20)
    # the WebRTC mode; the browser mode: test_browser_scan
    with streamlit_server(folder, env={"QRCHECKIN_SCANNER": "server"}) as url, camera_browser(playwright, video) as browser:
        page, other = _door(browser, url), _door(browser, url)  # both signed in before the camera loads the server
        inside, today = _metric(page, "scan.inside"), _metric(page, "scan.today")
        inside_before, today_before = _number(inside), _number(today)
        component = page.frame_locator("iframe[title='streamlit_webrtc.component.webrtc_streamer']")
        start = component.get_by_role("button", name=t("webrtc.start", "vi"))
        expect(start).to_be_visible(timeout=30_000)
        start.click()
        expect(page.get_by_test_id("stMarkdownContainer").filter(has_text=RESULT_TEXT).first).to_be_visible(timeout=45_000)
        stop = component.get_by_role("button", name=t("webrtc.stop", "vi"), exact=True)
        expect(stop).to_be_visible()
        _shows(today, today_before + 1)
        _shows(inside, inside_before + 1)
        # a second door of the same venue records someone else by its manual box, as a keyboard-wedge scanner
        # types (the code, then Enter): this page is not touched; that door's box is emptied for the next code and
        # its list of who is inside (outside the door's fragment) counts the new visit at once
        listed = other.get_by_text(re.compile(re.escape(t("scan.open", "vi")) + r": \d+"))
        other.get_by_label(t("scan.manual", "vi")).fill(second_code)
        other.get_by_label(t("scan.manual", "vi")).press("Enter")
        expect(other.get_by_test_id("stMarkdownContainer").filter(has_text=RESULT_TEXT).first).to_be_visible()
        expect(other.get_by_label(t("scan.manual", "vi"))).to_have_value("")
        _shows(listed, inside_before + 2)  # the camera's visit and this one (it read the page's first run before)
        _shows(today, today_before + 2)
        _shows(inside, inside_before + 2)
        expect(stop).to_be_visible()  # the camera ran all along
    [(method, _, checked_out_at)] = recorded_visits(folder, scanned)
    assert (method, checked_out_at) == ("staff_scan", None)
