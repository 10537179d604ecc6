"""AppTest of the scanning station with the WebRTC widget replaced (it cannot run under AppTest)."""

from lib.codes import tokens
from lib.platform.i18n import t
from tests.pages.test_pages import _run


def _person(demo_env):
    with demo_env.cursor() as cur:
        person_id, version = cur.execute(
            "SELECT person_id, code_version FROM people WHERE relationship = 'self' ORDER BY person_id DESC LIMIT 1"
        ).fetchone()
    return person_id, tokens.sign(demo_env.settings.resolved_secret(), "P", str(person_id), version)


def test_manual_entry_checks_in_then_out_like_a_webcam_scan(demo_env, no_webrtc):
    person_id, code = _person(demo_env)
    at = _run("views/scan.py", demo_env, "chosadec")
    assert not at.exception and no_webrtc == [[]]  # no public STUN server by default
    venue_id = at.selectbox(key="scan.venue").value
    at.text_input(key="scan.manual").input(code)
    at.button(key="scan.manual_go").click().run()
    assert not at.exception
    result_html = [m.value for m in at.markdown if "door-result" in m.value]
    assert result_html and "ĐÃ VÀO lúc" in result_html[0]
    with demo_env.cursor() as cur:
        row = cur.execute(
            "SELECT venue_id, method, checked_out_at FROM checkins WHERE person_id = ? ORDER BY checked_in_at DESC LIMIT 1", [person_id]
        ).fetchone()
    assert row == (venue_id, "staff_scan", None)
    at.button(key="scan.manual_go").click().run()  # again within two minutes: the same event
    assert any("Đã check-in lúc" in m.value for m in at.markdown if "door-result" in m.value)


def test_refusals_show_a_reason(demo_env, no_webrtc):
    at = _run("views/scan.py", demo_env, "chosadec")
    at.text_input(key="scan.manual").input("not a code")
    at.button(key="scan.manual_go").click().run()
    assert any(t("code.foreign", "vi") in m.value for m in at.markdown if "door-result" in m.value)


def test_queued_webcam_payloads_are_recorded_by_the_script_thread(demo_env, no_webrtc):
    from lib.ui import session

    _person_id, code = _person(demo_env)
    at = _run("views/scan.py", demo_env, "chosadec")
    frame_scanner = at.session_state[session.FRAME_SCANNER]
    frame_scanner.payloads.put(code)  # what the video callback does after decoding a frame
    at.run()
    assert frame_scanner.verdicts[code] is True
    assert any("door-result" in m.value for m in at.markdown)


def test_person_without_code_found_by_phone_and_birth_year(demo_env):
    with demo_env.cursor() as cur:
        person_id, phone, year = cur.execute(
            "SELECT person_id, phone, birth_year FROM people WHERE relationship = 'self' ORDER BY person_id LIMIT 1"
        ).fetchone()
    at = _run("views/scan.py", demo_env, "chosadec")
    at.text_input(key="scan.nc_phone").input(phone)
    at.text_input(key="scan.nc_year").input(str(year))
    at.toggle(key="scan.nc_find").set_value(True).run()
    at.button(key=f"scan.nc_pick.{person_id}").click().run()
    assert not at.exception
    with demo_env.cursor() as cur:
        method = cur.execute("SELECT method FROM checkins WHERE person_id = ? ORDER BY checked_in_at DESC LIMIT 1", [person_id]).fetchone()[
            0
        ]
    assert method == "manual"
