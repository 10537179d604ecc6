"""The webcam scan as a person does it, shared by the browser test and `python -m bench.run webcam`:
Chromium's fake camera plays a .y4m video of a personal code, the staff member signs in, presses START and
waits for the result on the page."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from playwright.sync_api import Browser, Playwright, expect

from lib.codes import rendering, tokens
from lib.demo.city import demo_password
from lib.platform import db
from lib.platform.config import load_settings
from lib.platform.i18n import t
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, env_for, sign_in, streamlit_server

# "ĐÃ VÀO lúc 08:14", "Đã check-in lúc …" and their English: a check-in, or the same event again
RESULT_TEXT = re.compile(
    "|".join(re.escape(t(key, lang, time="").strip()) for key in ("door.checked_in", "door.already_in") for lang in ("vi", "en"))
)


def write_y4m(path: Path, gray_frames: list[np.ndarray], fps: int = 10) -> None:
    """A YUV4MPEG2 file (4:2:0) from grayscale frames: Y is the image, U and V are neutral grey."""
    height, width = gray_frames[0].shape
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        chroma = np.full((height // 2) * (width // 2), 128, dtype=np.uint8).tobytes()
        for frame in gray_frames:
            out.write(b"FRAME\n" + frame.astype(np.uint8).tobytes() + chroma + chroma)


def code_frame(payload: str, size: tuple[int, int] = (640, 480), scale: int = 8) -> np.ndarray:
    """A frame (640x480 unless told) with the code in the middle, `scale` pixels a module."""
    from PIL import Image

    code = Image.open(io.BytesIO(rendering.png_bytes(payload, scale=scale))).convert("L")
    frame = Image.new("L", size, 230)
    frame.paste(code, ((size[0] - code.width) // 2, (size[1] - code.height) // 2))
    return np.asarray(frame)


def _query(folder: Path, sql: str, params: list) -> list[tuple]:
    """Rows from the folder's database while no server holds it."""
    settings = load_settings(env_for(folder))
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        rows = cur.execute(sql, params).fetchall()
    db.close_database(settings.db_path)
    return rows


def people_to_scan(folder: Path, count: int) -> list[tuple[int, str]]:
    """(person id, signed personal code) of household owners of the demo city whose households nobody is inside
    anywhere, those with relatives first (the door offers them): which demo visits are still open depends on the
    hour the city was made (a relative still inside the door's venue is "already inside" there, not one more
    arrival; an owner inside would be checked out)."""
    rows = _query(
        folder,
        """
        SELECT owner.person_id, owner.code_version
        FROM people AS owner
        WHERE owner.relationship = 'self'
          AND NOT EXISTS (
              SELECT 1
              FROM people AS member
              JOIN checkins AS visit ON visit.person_id = member.person_id
              WHERE member.household_id = owner.person_id AND visit.checked_out_at IS NULL
          )
        ORDER BY EXISTS (
                     SELECT 1 FROM people AS member WHERE member.household_id = owner.person_id AND member.person_id <> owner.person_id
                 ) DESC,
                 owner.person_id DESC
        LIMIT ?
        """,
        [count],
    )
    secret = load_settings(env_for(folder)).resolved_secret()
    return [(pid, tokens.sign(secret, "P", str(pid), version)) for pid, version in rows]


@contextmanager
def camera_browser(playwright: Playwright, video: Path, executable: str = CHROMIUM) -> Iterator[Browser]:
    """Debian's Chromium (or a wrapper that starts it) whose camera plays `video`; nothing outside 127.0.0.1
    resolves (no CDN to lean on)."""
    browser = playwright.chromium.launch(
        executable_path=executable,
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            "--autoplay-policy=no-user-gesture-required",
        ],
    )
    try:
        yield browser
    finally:
        browser.close()


def scan_once(playwright: Playwright, folder: Path, video: Path, options: tuple[str, ...] = ()) -> tuple[datetime, float]:
    """Start a server (with extra Streamlit options, if any), scan the video's code as the demo venue's staff;
    (START clicked at, seconds from START to the result shown). The server is stopped on return, so the
    database can be read."""
    # the WebRTC mode
    with streamlit_server(folder, options, env={"QRCHECKIN_SCANNER": "server"}) as url, camera_browser(playwright, video) as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(30_000)
        page.goto(f"{url}/scan")
        sign_in(page, "chosadec", demo_password("chosadec"))
        expect(page.get_by_role("heading", name="Quét mã tại cửa")).to_be_visible()
        component = page.frame_locator("iframe[title='streamlit_webrtc.component.webrtc_streamer']")
        start = component.get_by_role("button", name=t("webrtc.start", "vi"))  # the component speaks Vietnamese
        expect(start).to_be_visible(timeout=30_000)
        clicked_at, started = datetime.now(UTC), time.perf_counter()
        start.click()
        # the code stays in front of the camera, so "checked in" may already have become "already checked in"
        result = page.get_by_test_id("stMarkdownContainer").filter(has_text=RESULT_TEXT)
        expect(result.first).to_be_visible(timeout=45_000)
        return clicked_at, time.perf_counter() - started


def recorded_visits(folder: Path, person_id: int) -> list[tuple]:
    """(method, checked_in_at, checked_out_at) of the person's staff-recorded visits."""
    return _query(
        folder, "SELECT method, checked_in_at, checked_out_at FROM checkins WHERE person_id = ? AND recorded_by IS NOT NULL", [person_id]
    )
