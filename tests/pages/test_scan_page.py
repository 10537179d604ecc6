"""AppTest of the scanning station with the WebRTC widget replaced (it cannot run under AppTest)."""

from datetime import timedelta

from streamlit.proto.TextInput_pb2 import TextInput as TextInputProto

from lib.codes import tokens
from lib.platform.i18n import t
from lib.platform.times import now_utc
from tests import builders as build
from tests.builders import demo_user
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
    at.text_input(key="scan.manual").input(code)
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
    at.button(key="scan.nc_find").click().run()
    at.button(key=f"scan.nc_pick.{person_id}").click().run()
    assert not at.exception
    with demo_env.cursor() as cur:
        method = cur.execute("SELECT method FROM checkins WHERE person_id = ? ORDER BY checked_in_at DESC LIMIT 1", [person_id]).fetchone()[
            0
        ]
    assert method == "manual"


def test_digit_fields_of_the_visitor_without_a_code_open_the_numeric_keypad(demo_env):
    at = _run("views/scan.py", demo_env, "chosadec")
    for key in ("scan.nc_phone", "scan.nc_last4", "scan.nc_year"):
        assert at.text_input(key=key).proto.type == TextInputProto.PHONE, key


def _household(demo_env, phone: str, owner_red: bool = False, child_red: bool = False):
    """A new family at the first venue's ward: the owner and a child, each green or red (fever)."""
    from lib.people import declaration_form
    from lib.people import declarations as d

    fever = declaration_form.Answers(symptoms=("fever",), symptom_details="sốt cao")
    with demo_env.cursor() as cur:
        ward = cur.execute("SELECT scheme, province_code, district_code, ward_code FROM venues ORDER BY venue_id LIMIT 1").fetchone()
        return d.declare_household(
            cur,
            demo_env.settings.resolved_secret(),
            declaration_form.PersonForm(
                "Lê Văn Hùng", 1975, "Nam", phone=phone, answers=fever if owner_red else declaration_form.Answers()
            ),
            [declaration_form.PersonForm("Lê Gia Huy", 2016, "Nam", "child", answers=fever if child_red else declaration_form.Answers())],
            declaration_form.Address(*ward, "5 Lê Lợi"),
            True,
        )


def _result(at) -> str:
    shown = [m.value for m in at.markdown if "door-result" in m.value]
    assert shown, "no door result on screen"
    return shown[0]


def _scan(at, code):
    at.text_input(key="scan.manual").input(code)
    return at.button(key="scan.manual_go").click().run()


def test_open_case_scans_red_with_the_instruction_and_refusal_is_recorded(demo_env):
    from lib.tracing import cases
    from tests.builders import demo_user

    owner, _ = _household(demo_env, "0913000001")
    with demo_env.cursor() as cur:
        cases.create_case(cur, demo_user(demo_env, "yte"), cases.CaseInput(owner.person_id, owner.declared_at.date()))
    at = _scan(_run("views/scan.py", demo_env, "chosadec"), owner.token)
    shown = _result(at)
    assert t("door.do_case", "vi") in shown and t("risk.red", "vi") in shown and t("risk.green", "vi") not in shown
    assert "sốt" not in shown.lower()  # the door sees the instruction, never the symptoms
    with demo_env.cursor() as cur:
        assert cur.execute("SELECT count(*) FROM checkins WHERE person_id = ?", [owner.person_id]).fetchone()[0] == 0
    at.button(key=f"scan.refuse.{owner.person_id}").click().run()
    assert not at.exception and "KHÔNG CHO VÀO" in _result(at)
    with demo_env.cursor() as cur:
        decided = cur.execute(
            "SELECT decision, instruction, checkin_id FROM door_decisions WHERE person_id = ?", [owner.person_id]
        ).fetchall()
        assert decided == [("refuse", "case", None)]
        assert cur.execute("SELECT count(*) FROM checkins WHERE person_id = ?", [owner.person_id]).fetchone()[0] == 0


def test_red_person_admitted_by_the_guard_is_checked_in_and_the_choice_recorded(demo_env):
    owner, _ = _household(demo_env, "0913000002", owner_red=True)
    at = _scan(_run("views/scan.py", demo_env, "chosadec"), owner.token)
    assert t("door.do_declaration", "vi") in _result(at)
    at.button(key=f"scan.admit.{owner.person_id}").click().run()
    assert not at.exception and "ĐÃ VÀO lúc" in _result(at)
    with demo_env.cursor() as cur:
        checkin_id = cur.execute("SELECT checkin_id FROM checkins WHERE person_id = ?", [owner.person_id]).fetchone()[0]
        decided = cur.execute(
            "SELECT decision, instruction, checkin_id FROM door_decisions WHERE person_id = ?", [owner.person_id]
        ).fetchall()
    assert decided == [("admit", "declaration", checkin_id)]


def test_held_code_after_check_out_is_one_event_with_one_row(demo_env):
    from datetime import timedelta

    from lib.checkins import batch
    from lib.platform.times import now_utc
    from lib.ui import session

    owner, _ = _household(demo_env, "0913000003")
    at = _run("views/scan.py", demo_env, "chosadec")
    venue_id = at.selectbox(key="scan.venue").value
    with demo_env.cursor() as cur:  # came in ten minutes ago
        batch.record_scan(cur, None, venue_id, owner.person_id, method="self_scan", now=now_utc() - timedelta(minutes=10))
    frame_scanner = at.session_state[session.FRAME_SCANNER]
    frame_scanner.payloads.put(owner.token)  # shown to the camera: ĐÃ RA
    at.run()
    assert "ĐÃ RA" in _result(at)
    frame_scanner.payloads.put(owner.token)  # the same code seen again a few seconds later
    at.run()
    assert not at.exception and "Đã check-out" in _result(at)
    with demo_env.cursor() as cur:
        assert cur.execute("SELECT count(*) FROM checkins WHERE person_id = ?", [owner.person_id]).fetchone()[0] == 1
    recent = next(d.value for d in at.dataframe if t("col.status", "vi") in d.value.columns)
    assert (recent[t("col.name", "vi")] == owner.masked_name).sum() == 1  # one row for the one event


def test_relatives_have_their_own_colour_and_a_red_child_is_not_preticked(demo_env):
    owner, child = _household(demo_env, "0913000004", child_red=True)
    at = _scan(_run("views/scan.py", demo_env, "chosadec"), owner.token)
    box = at.checkbox(key=f"scan.rel.{owner.person_id}.{child.person_id}")
    assert t("risk.red", "vi") in box.label and box.value is False
    at.run()  # the next poll of the live view: the boxes stay
    assert at.checkbox(key=f"scan.rel.{owner.person_id}.{child.person_id}").value is False


def test_close_the_day_asks_for_confirmation(demo_env):
    owner, _ = _household(demo_env, "0913000005")
    at = _scan(_run("views/scan.py", demo_env, "chosadec"), owner.token)
    at.button(key="scan.close_day").click().run()
    with demo_env.cursor() as cur:
        open_before = cur.execute("SELECT checked_out_at FROM checkins WHERE person_id = ?", [owner.person_id]).fetchone()[0]
    assert open_before is None  # nothing closed on the first press
    at.button(key="scan.close_day_yes").click().run()
    assert not at.exception
    with demo_env.cursor() as cur:
        closed_by = cur.execute("SELECT closed_by FROM checkins WHERE person_id = ?", [owner.person_id]).fetchone()[0]
    assert closed_by == "close_day"


def test_card_holder_registered_at_the_door_is_offered_a_personal_code(demo_env):
    at = _scan(_run("views/scan.py", demo_env, "chosadec"), "087195123457||PHAN THỊ MAI|05061995|Nữ|Sa Đéc|01022022")
    at.button(key="scan.register.3457.05061995").click().run()
    assert not at.exception and "ĐÃ VÀO lúc" in _result(at)
    assert any(t("scan.new_code", "vi", name="PHAN T** M**")[:20] in m.value for m in at.info)
    keys = {getattr(el, "key", None) for el in at.get("download_button")}
    assert any(str(k).startswith("scan.code_png.") for k in keys)


def test_the_door_picker_says_which_event_is_over(demo_env, no_webrtc):
    """An event past its end stays in the door's list (people inside still check out), named as ended: a guard
    who picks it knows why every check-in is refused."""
    end = now_utc() - timedelta(hours=1)
    with demo_env.cursor() as cur:
        wedding = build.venue(
            cur, demo_user(demo_env, "vanhoa"), "Tiệc cưới Lan – Huệ", "wedding_funeral", starts_at=end - timedelta(hours=5), ends_at=end
        )
    at = _run("views/scan.py", demo_env, "vanhoa")
    picker = at.selectbox(key="scan.venue")
    assert f"Tiệc cưới Lan – Huệ ({wedding}) · {t('status.ended', 'vi')}" in picker.options
    with demo_env.cursor() as cur:
        over = {r[0] for r in cur.execute("SELECT venue_id FROM venues WHERE ends_at < now()").fetchall()}
    ended = {label.rsplit("(", 1)[1].split(")")[0] for label in picker.options if label.endswith(t("status.ended", "vi"))}
    assert ended == over & {label.rsplit("(", 1)[1].split(")")[0] for label in picker.options}  # no other venue


def test_what_waits_for_the_guard_stays_while_the_next_people_are_scanned(demo_env):
    """A man with only his ID card, then a family's owner, then a red person: each prompt stays until done."""
    owner, child = _household(demo_env, "0913000006")
    red, _ = _household(demo_env, "0913000007", owner_red=True)
    at = _scan(_run("views/scan.py", demo_env, "chosadec"), "087195123457||PHAN THỊ MAI|05061995|Nữ|Sa Đéc|01022022")
    register = "scan.register.3457.05061995"
    relatives = f"scan.rel.{owner.person_id}.{child.person_id}"
    _scan(at, owner.token)
    _scan(at, red.token)
    assert not at.exception and t("door.do_declaration", "vi") in _result(at)  # the newest, large
    assert at.button(key=register) and at.checkbox(key=relatives)  # the older prompts still there
    assert any(t("scan.waiting", "vi", n=2) in c.value for c in at.caption)
    at.button(key=f"scan.refuse.{red.person_id}").click().run()
    at.button(key=register).click().run()  # registered after two others came through
    assert not at.exception
    assert any(t("scan.new_code", "vi", name="PHAN T** M**")[:20] in m.value for m in at.info)
    at.button(key=f"scan.rel_go.{owner.person_id}").click().run()
    assert not at.exception
    with demo_env.cursor() as cur:
        inside = {r[0] for r in cur.execute("SELECT person_id FROM checkins WHERE checked_out_at IS NULL").fetchall()}
        assert {owner.person_id, child.person_id} <= inside and red.person_id not in inside
    keys = {b.key for b in at.button}
    assert register not in keys and f"scan.rel_go.{owner.person_id}" not in keys  # done prompts leave
    handed = next(k for k in keys if str(k).startswith("scan.code_done."))  # the new code waits to be handed over
    with demo_env.cursor() as cur:
        visit = cur.execute("SELECT method, checked_out_at FROM checkins WHERE person_id = ?", [int(handed.rsplit(".", 1)[1])]).fetchall()
    assert visit == [("id_card", None)]
    at.button(key=handed).click().run()
    assert not any(str(b.key).startswith("scan.code_done.") for b in at.button)
    recent = next(d.value for d in at.dataframe if t("col.status", "vi") in d.value.columns)
    assert (recent[t("col.name", "vi")] == "PHAN T** M**").sum() == 2  # the card's row and the visit name her, masked


def test_f5_at_the_door_keeps_what_waits_for_the_guard_and_the_entries_only_mode(demo_env, browser_cookies):
    """A reload is a new Streamlit session with the same cookie: the man waiting to be registered from his ID card
    and the family's relatives to tick were gone, and the door silently scanned check-outs again ("Tự động")."""
    from lib.checkins import rules

    owner, child = _household(demo_env, "0913000008")
    at = _run("views/scan.py", demo_env, "chosadec")
    at.radio(key="scan.mode").set_value(rules.ENTRY).run()
    _scan(at, "087195123457||PHAN THỊ MAI|05061995|Nữ|Sa Đéc|01022022")
    _scan(at, owner.token)
    assert at.query_params["mode"] == rules.ENTRY
    browser_cookies.follow_seeded_user = False  # the reloaded page sends the same cookie (and seeds no user)
    again = _run("views/scan.py", demo_env, query=dict(at.query_params))
    assert not again.exception and again.radio(key="scan.mode").value == rules.ENTRY
    assert again.button(key="scan.register.3457.05061995")
    assert again.checkbox(key=f"scan.rel.{owner.person_id}.{child.person_id}")
    again.button(key="scan.register.3457.05061995").click().run()
    assert not again.exception and not [b for b in again.button if b.key == "scan.register.3457.05061995"]
    other_tab = _run("views/scan.py", demo_env, query=dict(at.query_params))  # a second tab: the same list, settled
    assert not [b for b in other_tab.button if b.key == "scan.register.3457.05061995"]
    assert other_tab.checkbox(key=f"scan.rel.{owner.person_id}.{child.person_id}")


def test_the_snapshot_camera_opens_only_when_the_guard_asks_for_it(demo_env):
    """Drawn with the page, st.camera_input opened the camera at once, beside the scanner's own stream."""
    at = _run("views/scan.py", demo_env, "chosadec")
    assert not at.exception and len(at.get("camera_input")) == 0
    at.toggle(key="scan.snapshot_open").set_value(True).run()
    assert not at.exception and len(at.get("camera_input")) == 1


def test_what_the_guard_does_for_a_scan_is_recorded_where_it_was_scanned_after_the_venue_changed(demo_env):
    """An officer scanned a family's owner and a red person at one venue, picked another venue with the prompts
    still waiting, then let them in: they were checked in at the second venue, splitting the family (found by a
    newcomer's walk)."""
    import re

    owner, child = _household(demo_env, "0913000009")
    red, _ = _household(demo_env, "0913000010", owner_red=True)
    at = _run("views/scan.py", demo_env, "vanhoa")
    box = at.selectbox(key="scan.venue")
    first = box.value
    other = next(v for v in (re.search(r"\(([2-9A-Z]{6})\)", label).group(1) for label in box.options) if v != first)
    _scan(at, owner.token)
    _scan(at, red.token)
    at.selectbox(key="scan.venue").set_value(other).run()
    at.button(key=f"scan.admit.{red.person_id}").click().run()
    at.button(key=f"scan.rel_go.{owner.person_id}").click().run()
    assert not at.exception
    with demo_env.cursor() as cur:
        where = dict(
            cur.execute(
                "SELECT person_id, venue_id FROM checkins WHERE checked_out_at IS NULL AND list_contains(?, person_id)",
                [[owner.person_id, child.person_id, red.person_id]],
            ).fetchall()
        )
    assert where == {owner.person_id: first, child.person_id: first, red.person_id: first}
