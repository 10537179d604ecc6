"""AppTest of the door page in browser mode (QRCHECKIN_SCANNER=browser, the default): the scanner component
is placed with what it needs to send its scans to its own route, and a result the route handed to the page (a
red person held at the door) is shown with the guard's buttons when the component asks, once, and the guard's
decision is recorded. AppTest runs no JavaScript, so the route is called as the component's request would be
and the scan id is put where the component's callback puts it."""

import json
import time

from lib.codes import tokens
from lib.platform.i18n import t
from lib.ui import session
from lib.ui.scanner import assets, route, state
from tests.pages.test_fragment_reruns import run_fragments
from tests.pages.test_pages import _run


def _red_person(demo_env) -> tuple[int, str]:
    """A person whose latest declaration is red and who is not inside anywhere."""
    with demo_env.cursor() as cur:
        person_id, version = cur.execute(
            "SELECT p.person_id, p.code_version FROM people p JOIN declarations d ON d.person_id = p.person_id"
            " WHERE d.risk_level = 'red' AND d.declared_at = (SELECT max(declared_at) FROM declarations x WHERE x.person_id = p.person_id)"
            " AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.person_id = p.person_id AND c.checked_out_at IS NULL)"
            " ORDER BY p.person_id LIMIT 1"
        ).fetchone()
    return person_id, tokens.sign(demo_env.settings.resolved_secret(), "P", str(person_id), version)


def _component(at):
    [element] = at.get("bidi_component")
    return element.proto


def test_the_scanner_is_placed_and_a_held_red_person_shown_to_the_guard_once(demo_env, monkeypatch):
    monkeypatch.setenv("QRCHECKIN_SCANNER", "browser")
    person_id, code = _red_person(demo_env)
    at = _run("views/scan.py", demo_env, "chosadec")
    assert not at.exception
    assert session.FRAME_SCANNER not in at.session_state  # no WebRTC, no server-side video in this mode
    venue_id = str(at.selectbox(key="scan.venue").value)
    data = json.loads(_component(at).json)  # what the component is given
    assert (data["venue"], data["reader"], data["wasm"], data["endpoint"]) == (
        venue_id,
        assets.READER_MODULE,
        assets.WASM_FOLDER,
        route.PATH,
    )
    assert data["csrf"] and data["lang"] == "vi" and data["counters_ms"] == route.COUNTERS_EVERY_SECONDS * 1000
    assert data["texts"]["pending"] == "{n} lượt chưa gửi" and data["texts"]["today"] == t("scan.today", "vi")
    assert not [m for m in at.markdown if "door-result" in m.value]  # the scanner draws routine results itself
    guard = at.session_state[session.USER]
    now_ms = int(time.time() * 1000)
    batch = {"sent_at": now_ms, "scans": [{"id": "scan-page-0001", "text": code, "at": now_ms - 2_000, "venue": venue_id, "mode": "auto"}]}
    [shown] = route._receive(guard, venue_id, "vi", batch)["results"]  # the component's request, on the route
    assert shown["follow_up"] and shown["headline"] == t("door.red_hold", "vi")
    for _ in range(2):  # asked twice (a second trigger): shown once, taken from the route's handoff
        at.session_state[state.SCANNER_FOLLOW_UPS] = ["scan-page-0001"]
        at = run_fragments(at, monkeypatch)
        assert not at.exception
        [held] = [m.value for m in at.markdown if "door-result" in m.value]
        assert t("door.red_hold", "vi") in held
    assert len([b for b in at.button if str(b.key).startswith("scan.refuse.")]) == 1  # one result, one decision
    asking = json.loads(_component(at).json)["answered"]
    at.button(key=f"scan.refuse.{person_id}").click()
    at = run_fragments(at, monkeypatch)
    assert not at.exception
    with demo_env.cursor() as cur:
        decided = cur.execute(
            "SELECT decision, recorded_by FROM door_decisions WHERE person_id = ? AND venue_id = ?", [person_id, venue_id]
        ).fetchall()
        assert cur.execute("SELECT outcome FROM door_scans WHERE scan_id = 'scan-page-0001'").fetchall() == [("red_hold",)]
    assert decided == [("refuse", guard.user_id)]
    # the scanner's own panel is told what became of that scan: its big result no longer asks for a decision
    assert "scan-page-0001" not in asking
    now = json.loads(_component(at).json)["answered"]["scan-page-0001"]
    assert now["headline"].startswith(t("door.turned_away", "vi", time="").strip()) and not now["follow_up"]


def test_after_a_manual_entry_the_scanner_is_handed_the_counters_that_count_it(demo_env, monkeypatch):
    """The scanner re-read its counters before the manual check-in was written: one entry behind."""
    monkeypatch.setenv("QRCHECKIN_SCANNER", "browser")
    with demo_env.cursor() as cur:
        person_id, version = cur.execute(
            "SELECT person_id, code_version FROM people p WHERE relationship = 'self' AND NOT EXISTS"
            " (SELECT 1 FROM checkins c WHERE c.person_id = p.person_id AND c.checked_out_at IS NULL) ORDER BY person_id LIMIT 1"
        ).fetchone()
    at = _run("views/scan.py", demo_env, "chosadec")
    before = json.loads(_component(at).json)["counters"]
    at.text_input(key="scan.manual").input(tokens.sign(demo_env.settings.resolved_secret(), "P", str(person_id), version))
    at.button(key="scan.manual_go").click().run()
    assert not at.exception
    after = json.loads(_component(at).json)["counters"]
    assert int(after["inside"].replace(".", "")) == int(before["inside"].replace(".", "")) + 1
