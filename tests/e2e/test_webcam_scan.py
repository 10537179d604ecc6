"""Real browser, real WebRTC: Chromium's fake camera plays a video of a personal QR code, the staff member
presses START, and the visit lands in DuckDB."""

import re

import numpy as np
import pytest
from playwright.sync_api import expect

from lib import db, qr, scanner, tokens
from lib.config import load_settings
from lib.demo import demo_password
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, env_for, make_demo_folder, sign_in, streamlit_server

pytestmark = pytest.mark.e2e


def write_y4m(path, gray_frames):
    """A YUV4MPEG2 file (4:2:0) from grayscale frames: Y is the image, U and V are neutral grey."""
    height, width = gray_frames[0].shape
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        chroma = np.full((height // 2) * (width // 2), 128, dtype=np.uint8).tobytes()
        for frame in gray_frames:
            out.write(b"FRAME\n" + frame.astype(np.uint8).tobytes() + chroma + chroma)


def _code_frame(payload: str) -> np.ndarray:
    from PIL import Image

    code = Image.open(__import__("io").BytesIO(qr.png_bytes(payload, scale=8))).convert("L")
    frame = Image.new("L", (640, 480), 230)
    frame.paste(code, ((640 - code.width) // 2, (480 - code.height) // 2))
    return np.asarray(frame)


def test_fake_camera_scan_records_a_visit(tmp_path_factory, tmp_path, playwright):
    folder = make_demo_folder(tmp_path_factory)
    settings = load_settings(env_for(folder))
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        person_id, version = cur.execute("SELECT person_id, code_version FROM people WHERE relationship = 'self'"
                                         " ORDER BY person_id DESC LIMIT 1").fetchone()
    db.close_database(settings.db_path)
    code = tokens.sign(settings.resolved_secret(), "P", str(person_id), version)
    frame = _code_frame(code)
    assert scanner.decode_image(frame) == [code]
    video = tmp_path / "qr.y4m"
    write_y4m(video, [frame] * 20)

    with streamlit_server(folder) as url:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            *CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(30_000)
        page.goto(f"{url}/scan")
        sign_in(page, "chosadec", demo_password("chosadec"))
        expect(page.get_by_role("heading", name="Quét mã tại cửa")).to_be_visible()
        component = page.frame_locator("iframe[title='streamlit_webrtc.component.webrtc_streamer']")
        component.get_by_role("button", name="START").click()
        # the code stays in front of the camera, so "checked in" may already have become "already checked in"
        result = page.get_by_test_id("stMarkdownContainer").filter(has_text=re.compile("ĐÃ VÀO lúc|Đã check-in lúc"))
        expect(result.first).to_be_visible(timeout=45_000)
        browser.close()

    root = db.open_database(settings)
    with db.cursor(root) as cur:
        rows = cur.execute("SELECT method, checked_out_at FROM checkins WHERE person_id = ? AND recorded_by IS NOT NULL",
                           [person_id]).fetchall()
    db.close_database(settings.db_path)
    assert rows == [("staff_scan", None)]
