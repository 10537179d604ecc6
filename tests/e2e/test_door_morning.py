"""A morning at the market door (issue 16, "done when"), in Chromium with its fake camera: the guard signs in on the
door page, presses START, and the camera sees, one after another, the owner of a family of four whose youngest
is red, a grandmother with the printed card her son declared for her, a man who has only his chip ID card, and a
confirmed case trying to come in. Each gets what the directive asks for: the family in with the red child left
out, the grandmother in, the man registered from his card and handed a personal code, the case turned away with
the instruction and the refusal recorded; the database holds exactly that."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lib.access import accounts
from lib.codes import decoding
from lib.people import declaration_form as form
from lib.people import declarations
from lib.platform import db
from lib.platform.config import load_settings
from lib.platform.i18n import t
from lib.tracing import cases
from tests.e2e import browser_scan_flow as flow
from tests.e2e.accessibility import choose_language
from tests.e2e.conftest import env_for, make_demo_folder, streamlit_server
from tests.e2e.webcam_flow import _query, camera_browser, code_frame

pytestmark = pytest.mark.e2e

CARD = "087195123457||PHAN VĂN MINH|05061988|Nam|Phường 1, Sa Đéc, Đồng Tháp|01022022"  # a chip card's QR
FEVER = form.Answers(symptoms=("fever",), symptom_details="sốt 38,5 độ")


def _arrivals(folder: Path) -> dict[str, object]:
    """The people of the morning, declared in the folder's database before the server opens it."""
    settings = load_settings(env_for(folder))
    secret = settings.resolved_secret()
    with db.cursor(db.open_database(settings)) as cur:
        ward = cur.execute("SELECT scheme, province_code, district_code, ward_code FROM venues ORDER BY venue_id LIMIT 1").fetchone()
        family = declarations.declare_household(
            cur,
            secret,
            form.PersonForm("Lê Văn Hùng", 1982, "Nam", phone="0913555001"),
            [
                form.PersonForm("Nguyễn Thị Hoa", 1985, "Nữ", "spouse"),
                form.PersonForm("Lê Gia Bảo", 2012, "Nam", "child"),
                form.PersonForm("Lê Ngọc Hân", 2018, "Nữ", "child", answers=FEVER),
            ],
            form.Address(*ward, "12 Hùng Vương"),
            True,
        )
        _, grandmother = declarations.declare_household(
            cur,
            secret,
            form.PersonForm("Trần Văn Tâm", 1970, "Nam", phone="0913555002"),
            [form.PersonForm("Võ Thị Tư", 1941, "Nữ", "parent")],
            form.Address(*ward, "4 Trần Hưng Đạo"),
            True,
        )
        [case] = declarations.declare_household(
            cur,
            secret,
            form.PersonForm("Đặng Quốc Việt", 1990, "Nam", phone="0913555003"),
            [],
            form.Address(*ward, "9 Lý Thường Kiệt"),
            True,
        )
        health = accounts.load_user(cur, cur.execute("SELECT user_id FROM users WHERE username = 'yte'").fetchone()[0])
        cases.create_case(cur, health, cases.CaseInput(case.person_id, case.declared_at.date()))
    db.close_database(settings.db_path)
    return {"family": family, "grandmother": grandmother, "case": case}


MORNING_FPS = 4
SMALL = (320, 240)  # half the usual picture: the video below is long


def _morning_video(path: Path, codes: list[str]) -> Path:
    """Each code for 1.5 s, then 7 s of an empty doorway (time for the guard to act before the next arrival; a
    newer result replaces the tick boxes and buttons of an older one), and a two-minute empty tail so the loop
    does not bring the first arrival back while the test still runs."""
    for code in codes:
        assert decoding.decode_image(code_frame(code, SMALL, 3)) == [code]
    fps = MORNING_FPS
    return flow.codes_video(path, codes, shown_frames=fps * 3 // 2, blank_frames=fps * 7, fps=fps, size=SMALL, tail_frames=fps * 120)


def _reload_while_he_waits(page, register) -> None:
    """F5 with the man's registration waiting: signed in, English, "entry only" and his prompt all kept."""
    page.reload()
    flow.station_ready(page, "en")
    expect(page.get_by_role("button", name=t("sidebar.sign_out", "en"), include_hidden=True)).to_have_count(1)
    expect(page.get_by_test_id("stRadio").get_by_role("radio", name=t("scan.mode_in", "en"))).to_be_checked()
    expect(register).to_be_visible()
    expect(page.get_by_text("PHAN VĂN MINH")).to_be_visible()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_morning_at_the_market_door(tmp_path_factory, tmp_path, playwright, lang):
    """In Vietnamese on "automatic in/out"; in English on "entry only", with F5 pressed while the man with the ID
    card waits to be registered: the guard is still signed in, in English, on "entry only", and his prompt is
    still there. The reloaded scanner's camera plays the video from the start again, so the family and the
    grandmother come back: "already checked in", nothing recorded twice."""
    folder = make_demo_folder(tmp_path_factory)
    people = _arrivals(folder)
    owner, spouse, boy, red_child = people["family"]
    grandmother, case = people["grandmother"], people["case"]
    assert red_child.risk_level == "red" and case.risk_level != "red"  # the case's own answers are clean: the case makes it red
    video = _morning_video(tmp_path / "morning.y4m", [owner.token, grandmother.token, CARD, case.token])
    with streamlit_server(folder) as url, camera_browser(playwright, video) as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN").new_page()
        page.set_default_timeout(30_000)
        flow.open_station(page, url)
        if lang == "en":
            choose_language(page, "en")
            flow.station_ready(page, "en")
            page.get_by_test_id("stRadio").get_by_text(t("scan.mode_in", "en"), exact=True).click()
            expect(page).to_have_url(re.compile("mode=in"))
        flow.press_start(page, lang)

        # the family: the owner in, the relatives offered with their own colours, the red child not ticked
        result = flow.result(page)
        expect(result).to_contain_text(owner.masked_name, timeout=30_000)
        expect(result).to_contain_text(flow.RESULT_TEXT)
        relatives = page.get_by_test_id("scanner-relatives")
        expect(relatives.get_by_role("checkbox")).to_have_count(3)
        expect(relatives.get_by_role("checkbox", checked=False)).to_have_count(1)
        expect(relatives.get_by_role("checkbox", checked=False).locator("xpath=..")).to_contain_text(red_child.masked_name)
        page.get_by_test_id("scanner-relatives-go").click()
        expect(relatives).to_be_hidden()

        # the grandmother's printed card: green, in
        expect(result).to_contain_text(grandmother.masked_name, timeout=30_000)
        expect(result).to_contain_text(flow.RESULT_TEXT)

        # the man with only his ID card: shown what the card says, registered, handed his personal code
        register = page.get_by_role("button", name=t("scan.register_card", lang))
        expect(register).to_be_visible(timeout=30_000)
        expect(page.get_by_text("PHAN VĂN MINH")).to_be_visible()
        if lang == "en":
            _reload_while_he_waits(page, register)
        register.click()
        expect(page.get_by_test_id("door-result")).to_contain_text(t("door.checked_in", lang, time=""))
        expect(page.get_by_role("img", name=t("decl.code_alt", lang, name="PHAN V** M**"))).to_be_visible()
        expect(page.get_by_role("button", name=t("scan.new_code_pdf", lang))).to_be_visible()
        expect(result).to_contain_text("PHAN V** M**")  # the scanner's own panel says what became of his card
        expect(result).to_contain_text(t("door.checked_in", lang, time="").strip())
        if lang == "en":
            flow.press_start(page, lang)  # the camera plays from the start: the family again, then the rest
            expect(result).to_contain_text(t("door.already_in", lang, time=""), timeout=30_000)

        # the confirmed case: red with the instruction (never the symptoms), turned away, the refusal recorded
        refuse = page.get_by_role("button", name=t("door.refuse", lang))
        expect(refuse).to_be_visible(timeout=60_000)
        shown = page.get_by_test_id("door-result")
        expect(shown).to_contain_text(case.masked_name)
        expect(shown).to_contain_text(t("door.do_case", lang))
        refuse.click()
        expect(page.get_by_test_id("door-result")).to_contain_text(t("door.turned_away", lang, time=""))
        expect(result).to_contain_text(t("door.turned_away", lang, time="").strip())  # no longer "your decision"
        expect(result).not_to_contain_text(t("scanner.follow_up", lang))
        expect(page.get_by_test_id("stException")).to_have_count(0)
        # the man's code still waits to be handed over after the next person (the case) came through
        code = page.get_by_role("img", name=t("decl.code_alt", lang, name="PHAN V** M**"))
        expect(page.get_by_text(t("scan.waiting", lang, n=1))).to_have_count(1)  # once the move is done
        expect(code).to_have_count(1)  # moved under the newest result (during the move Streamlit shows both)
        page.get_by_role("button", name=t("scan.code_done", lang)).click()
        expect(code).to_have_count(0)
        flow.start_button(page).click()  # the guard stops the camera before the loop brings anyone back
        expect(flow.start_button(page)).to_have_text(t("scanner.start", lang))

    inside = dict(
        _query(
            folder,
            "SELECT p.person_id, count(c.checkin_id) FROM people p LEFT JOIN checkins c ON c.person_id = p.person_id"
            " AND c.method = 'staff_scan' AND c.checked_out_at IS NULL WHERE list_contains(?, p.person_id) GROUP BY ALL",
            [[owner.person_id, spouse.person_id, boy.person_id, red_child.person_id, grandmother.person_id, case.person_id]],
        )
    )
    assert inside == {
        owner.person_id: 1,
        spouse.person_id: 1,
        boy.person_id: 1,
        red_child.person_id: 0,
        grandmother.person_id: 1,
        case.person_id: 0,
    }
    registered = _query(
        folder,
        "SELECT p.full_name, p.id_last4, count(c.checkin_id) FROM people p JOIN checkins c USING (person_id)"
        " WHERE p.full_name = 'PHAN VĂN MINH' AND c.method = 'id_card' GROUP BY ALL",
        [],
    )
    assert registered == [("PHAN VĂN MINH", "3457", 1)]  # the card's last four digits only, as every ID
    decided = _query(folder, "SELECT person_id, decision, instruction, checkin_id FROM door_decisions", [])
    assert decided == [(case.person_id, "refuse", "case", None)]
