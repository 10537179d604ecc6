"""AppTest of the door page in browser mode (QRCHECKIN_SCANNER=browser, the default): the scanner component
is placed with what it needs, and a batch it sent is recorded by the fragment's next run, acknowledged, and
shown. AppTest runs no JavaScript, so the batch is put where the component's callback puts it."""

import json
import time

from lib.codes import tokens
from lib.ui import session
from lib.ui.scanner import assets, state
from tests.pages.test_fragment_reruns import run_fragments
from tests.pages.test_pages import _run


def _person(demo_env, offset: int) -> tuple[int, str]:
    with demo_env.cursor() as cur:
        person_id, version = cur.execute(
            "SELECT person_id, code_version FROM people WHERE relationship = 'self' ORDER BY person_id LIMIT 1 OFFSET ?", [offset]
        ).fetchone()
    return person_id, tokens.sign(demo_env.settings.resolved_secret(), "P", str(person_id), version)


def _component(at):
    [element] = at.get("bidi_component")
    return element.proto


def test_the_browser_scanner_is_placed_and_its_batch_recorded_once(demo_env, monkeypatch):
    monkeypatch.setenv("QRCHECKIN_SCANNER", "browser")
    person_id, code = _person(demo_env, 7)
    at = _run("views/scan.py", demo_env, "chosadec")
    assert not at.exception
    assert session.FRAME_SCANNER not in at.session_state  # no WebRTC, no server-side video in this mode
    venue_id = at.selectbox(key="scan.venue").value
    now_ms = int(time.time() * 1000)
    batch = {"sent_at": now_ms, "scans": [{"id": "scan-page-0001", "text": code, "at": now_ms - 30_000, "venue": venue_id, "mode": "auto"}]}
    for _ in range(2):  # the same batch twice: the answer to the first was lost
        at.session_state[state.SCANNER_INBOX] = [batch]
        at = run_fragments(at, monkeypatch)
        assert not at.exception
    with demo_env.cursor() as cur:
        rows = cur.execute(
            "SELECT venue_id, method, epoch_ms(checked_in_at) FROM checkins WHERE person_id = ? AND recorded_by IS NOT NULL", [person_id]
        ).fetchall()
    [(venue, method, checked_in_ms)] = rows
    assert (venue, method) == (venue_id, "staff_scan") and abs(checked_in_ms - (now_ms - 30_000)) < 5_000
    assert at.session_state[state.SCANNER_ACKS] == ["scan-page-0001", "scan-page-0001"]
    assert any("ĐÃ VÀO lúc" in m.value for m in at.markdown if "door-result" in m.value)
    assert at.session_state[state.SCANNER_SHOWN]["seq"] == 1  # the replay showed (and beeped) nothing new
    data = json.loads(_component(at).json)  # what the component is given
    assert (data["venue"], data["reader"], data["wasm"]) == (venue_id, assets.READER_MODULE, assets.WASM_FOLDER)
    assert data["texts"]["pending"] == "{n} lượt chưa gửi" and "scan-page-0001" in data["acks"]
