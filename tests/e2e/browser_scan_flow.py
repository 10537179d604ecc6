"""The browser scanner as a guard uses it, shared by tests/e2e/test_browser_scan.py and `python -m bench.run
stations`: Chromium's fake camera plays a .y4m of personal codes (webcam_flow.write_y4m), the guard signs in,
opens the door page and presses the scanner's START; the code is decoded in the page by zxing-wasm."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from playwright.sync_api import Page, expect

from lib.demo.city import demo_password
from lib.platform.i18n import t
from tests.e2e.conftest import sign_in
from tests.e2e.webcam_flow import RESULT_TEXT, code_frame, write_y4m  # noqa: F401 (read as flow.RESULT_TEXT)


def codes_video(
    path: Path,
    codes: list[str],
    shown_frames: int = 10,
    blank_frames: int = 20,
    fps: int = 10,
    size: tuple[int, int] = (640, 480),
    tail_frames: int = 0,
) -> Path:
    """A looping video (`fps` frames a second) that shows each code in turn, with an empty picture between,
    so each code leaves the picture before the next one comes, then `tail_frames` more of the empty picture
    (before the loop brings the first code back); no codes: an empty picture only. A smaller `size` keeps a long
    video small (the code drawn at 3 pixels a module instead of 8)."""
    blank = np.full((size[1], size[0]), 230, dtype=np.uint8)
    frames: list[np.ndarray] = [blank] * blank_frames if not codes else []
    scale = 8 if size == (640, 480) else 3
    for code in codes:
        frames += [code_frame(code, size, scale)] * shown_frames + [blank] * blank_frames
    write_y4m(path, frames + [blank] * tail_frames, fps)
    return path


def open_station(page: Page, url: str, username: str = "chosadec", signed_in: bool = False) -> None:
    """The door page, signed in, with the browser scanner on it, its decoder loaded (not started)."""
    page.goto(f"{url}/scan")
    if not signed_in:
        sign_in(page, username, demo_password(username))
    station_ready(page)


def station_ready(page: Page, lang: str = "vi") -> None:
    """The door page drawn in `lang`, its scanner's decoder loaded."""
    expect(page.get_by_role("heading", name=t("page.scan", lang))).to_be_visible()
    expect(start_button(page)).to_have_attribute("data-ready", "true", timeout=30_000)


def start_button(page: Page):
    return page.get_by_test_id("scanner-start")


def press_start(page: Page, lang: str = "vi") -> None:
    start = start_button(page)
    expect(start).to_have_text(t("scanner.start", lang))
    start.click()
    expect(start).to_have_text(t("scanner.stop", lang))


def result(page: Page):
    """The scanner's big result, drawn from the route's answer (lib/ui/scanner/route.py)."""
    return page.get_by_test_id("scanner-big-result")


def pending(page: Page):
    """The scanner's "N lượt chưa gửi" counter."""
    return page.get_by_test_id("scanner-pending")


def queue_snapshot(page: Page) -> dict[str, str]:
    """The browser's queues of scans not yet acknowledged, as stored (localStorage key -> JSON)."""
    return page.evaluate(
        """() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('qrcheckin.scanner.queue.'))
              .map((k) => [k, localStorage.getItem(k)]))"""
    )


def restore_queue(page: Page, snapshot: dict[str, str]) -> None:
    """Put queued scans back as they were stored (to send scan ids that were already recorded again)."""
    page.evaluate("(snapshot) => Object.entries(snapshot).forEach(([k, v]) => localStorage.setItem(k, v))", snapshot)


def wait_until_sent(page: Page, timeout_ms: int = 30_000) -> None:
    """Until the server has acknowledged every queued scan (the component then empties its queue)."""
    page.wait_for_function("() => !Object.keys(localStorage).some((k) => k.startsWith('qrcheckin.scanner.queue.'))", timeout=timeout_ms)
