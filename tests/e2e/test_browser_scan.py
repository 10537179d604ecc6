"""The browser scanner in a real browser (issue 18): Chromium's fake camera plays a video of personal codes,
zxing-wasm decodes it in the page (loaded from the app, never a CDN), and only the text reaches the server.
Online: START -> the visit in DuckDB and the result on the page. Offline (Playwright sets the page offline):
three scans wait in the browser with the counter shown, a reload while offline keeps them, back online they
are sent -> exactly three visits at the times they were read; the same scan ids sent again record nothing."""

import json
import re
import time
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from lib.codes import decoding
from lib.platform.i18n import t
from tests.e2e import browser_scan_flow as flow
from tests.e2e.conftest import make_demo_folder, streamlit_server
from tests.e2e.webcam_flow import _query, camera_browser, code_frame, people_to_scan

pytestmark = pytest.mark.e2e


def _visits(folder, person_ids: list[int]) -> list[tuple]:
    return _query(
        folder,
        "SELECT person_id, method, checked_in_at, checked_out_at FROM checkins WHERE list_contains(?, person_id)"
        " AND recorded_by IS NOT NULL ORDER BY checked_in_at",
        [person_ids],
    )


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
DESKTOP = {"viewport": {"width": 1400, "height": 1000}}


def _today(page):
    """The scanner's "Lượt vào hôm nay" counter, drawn from the answers of the scanner's route."""
    return page.get_by_test_id("scanner-today")


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["laptop", "phone"])
def test_start_decodes_in_the_browser_and_records_the_visit(tmp_path_factory, tmp_path, playwright, device):
    folder = make_demo_folder(tmp_path_factory)
    [(person_id, code)] = people_to_scan(folder, 1)
    assert decoding.decode_image(code_frame(code)) == [code]
    video = flow.codes_video(tmp_path / "one.y4m", [code], shown_frames=20, blank_frames=0)
    requested: list[str] = []
    with streamlit_server(folder) as url, camera_browser(playwright, video) as browser:
        page = browser.new_context(**device, locale="vi-VN").new_page()
        page.set_default_timeout(30_000)
        page.on("request", lambda request: requested.append(request.url))
        flow.open_station(page, url)
        today = _today(page)
        expect(today).to_have_text(re.compile(r"\d"))
        today_before = int(re.sub(r"\D", "", today.inner_text()))
        clicked_at = datetime.now(UTC)
        started = time.perf_counter()
        flow.press_start(page)
        expect(flow.result(page)).to_contain_text(flow.RESULT_TEXT, timeout=30_000)
        to_result = time.perf_counter() - started
        expect(page.get_by_test_id("scanner-result")).to_contain_text(flow.RESULT_TEXT)  # over the preview, too
        expect(page.get_by_test_id("scanner-recent")).to_contain_text(flow.RESULT_TEXT)  # the recent scans' row
        # a household owner: the scanner offers the relatives (a red one not ticked) and checks them in itself
        relatives = page.get_by_test_id("scanner-relatives")
        expect(relatives).to_contain_text(t("scan.relatives", "vi"))
        ticked = relatives.get_by_role("checkbox", checked=True).count()
        page.get_by_test_id("scanner-relatives-go").click()
        expect(relatives).to_be_hidden()
        expect(page.get_by_test_id("scanner-recent").locator("tr")).to_have_count(1 + ticked)
        expect(flow.start_button(page)).to_have_text(t("scanner.stop", "vi"))  # the camera ran all along
        expect(page.get_by_test_id("door-result")).to_have_count(0)  # none of it needed a Streamlit run
        expect(flow.pending(page)).to_be_hidden()
        expect(today).to_have_text(re.compile(rf"^\D*{today_before + 1 + ticked}\D*$"))  # the counters follow: owner and relatives
    [(pid, method, checked_in_at, checked_out_at)] = _visits(folder, [person_id])
    assert (pid, method, checked_out_at) == (person_id, "staff_scan", None)
    assert clicked_at < checked_in_at < datetime.now(UTC)
    assert _query(folder, "SELECT outcome, person_id FROM door_scans", []) == [("checked_in", person_id)]
    members = [
        r[0] for r in _query(folder, "SELECT person_id FROM people WHERE household_id = ? AND person_id <> ?", [person_id, person_id])
    ]
    assert ticked and len(_visits(folder, members)) == ticked
    assert any(u.endswith("/scanner/zxing-wasm-3.1.4/dist/reader/zxing_reader.wasm") for u in requested)
    decoder_files = [u for u in requested if "zxing" in u or u.endswith(".wasm")]
    assert decoder_files and all(u.startswith(f"{url}/scanner/zxing-wasm-3.1.4/") for u in decoder_files), decoder_files
    print(f"\nSTART to result shown {to_result:.2f} s")


def test_offline_scans_wait_in_the_browser_and_are_recorded_once_when_back(tmp_path_factory, tmp_path, playwright):
    folder = make_demo_folder(tmp_path_factory)
    people = people_to_scan(folder, 3)
    video = flow.codes_video(tmp_path / "three.y4m", [code for _, code in people])
    person_ids = [pid for pid, _ in people]
    with streamlit_server(folder) as url, camera_browser(playwright, video) as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
        context.set_default_timeout(30_000)
        page = context.new_page()
        flow.open_station(page, url)
        context.set_offline(True)
        offline_from = datetime.now(UTC)
        flow.press_start(page)  # the camera and the decoder need no network
        counter = flow.pending(page)
        expect(counter).to_have_text(t("scanner.pending", "vi", n=3), timeout=40_000)  # the video shows three codes in 9 s
        page.wait_for_timeout(3_000)  # one more pass of the looping video: a code already waiting is no new scan
        expect(counter).to_have_text(t("scanner.pending", "vi", n=3))
        snapshot = flow.queue_snapshot(page)
        [queue] = [json.loads(v) for v in snapshot.values()]
        assert sorted(s["text"] for s in queue) == sorted(code for _, code in people)
        with pytest.raises(PlaywrightError):
            page.reload()  # offline: the page cannot load; the queue is in the browser's storage
        context.set_offline(False)
        back_at = datetime.now(UTC)
        flow.open_station(page, url, signed_in=True)  # the session cookie keeps the guard signed in
        flow.wait_until_sent(page)
        expect(counter).to_be_hidden()
        newest = flow.result(page)
        expect(newest).to_contain_text("ĐÃ VÀO lúc")
        flow.restore_queue(page, snapshot)  # the same scan ids again (a lost answer, a second tab)
        flow.wait_until_sent(page)
        expect(counter).to_be_hidden()
        expect(newest).to_contain_text("ĐÃ VÀO lúc")  # not run through the door again ("Đã check-in lúc ...")
    visits = _visits(folder, person_ids)
    assert sorted(v[0] for v in visits) == sorted(person_ids)  # exactly three, one each
    read_at = {s["text"]: datetime.fromtimestamp(s["at"] / 1000, UTC) for s in queue}
    for (pid, method, checked_in_at, _), (_, code) in zip(sorted(visits), sorted(people), strict=True):
        assert pid and method == "staff_scan"
        assert offline_from < checked_in_at < back_at  # recorded at the time it was read, not when it arrived
        assert abs((checked_in_at - read_at[code]).total_seconds()) < 2
    assert _query(folder, "SELECT count(*), count(DISTINCT scan_id) FROM door_scans", []) == [(3, 3)]
