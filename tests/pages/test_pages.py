"""AppTest for every page: an allowed role renders without exception, every other role (and nobody) sees
only a refusal; plus the main action of the pages that have one so far."""

from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from lib.access import permissions, sessions
from lib.access.scope import scope_for
from lib.analytics import home
from lib.platform import presentation
from lib.platform.config import PROJECT_ROOT
from lib.platform.i18n import format_number, t
from lib.platform.times import now_utc
from lib.ui import session
from lib.ui.navigation import PAGES
from tests.builders import demo_user

USER_OF_ROLE = {"admin": "demo_admin", "office": "vanhoa", "ward": "phuong1", "health": "yte", "staff": "chosadec"}
PROTECTED = [key for key in PAGES if not permissions.is_public(key)]


def _run(script: str, database=None, username: str | None = None, lang: str = "vi", last_seen=None, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / script), default_timeout=60)
    at.query_params.update(query or {})  # the page's URL parameters, as after F5 or in a second tab
    at.session_state[session.LANGUAGE] = lang
    if username:
        at.session_state[session.USER] = demo_user(database, username)
        at.session_state[session.LAST_SEEN] = last_seen or now_utc()
    return at.run()


@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_renders_for_every_allowed_role(demo_env, page):
    roles = [r for r in USER_OF_ROLE if permissions.may_open(permissions_user(demo_env, r), page)]
    assert roles or permissions.is_public(page)
    for role in roles or [None]:
        at = _run(f"views/{page}.py", demo_env, USER_OF_ROLE.get(role))
        assert not at.exception, (page, role, at.exception)
        assert at.title[0].value == t(f"page.{page}", "vi")
        assert not at.error


def permissions_user(database, role):
    return demo_user(database, USER_OF_ROLE[role])


@pytest.mark.parametrize("page", PROTECTED)
def test_each_page_refuses_other_roles_and_anonymous(demo_env, page):
    for role, username in USER_OF_ROLE.items():
        if role in permissions.PAGE_ROLES[page]:
            continue
        at = _run(f"views/{page}.py", demo_env, username)
        assert [e.value for e in at.error] == [t("err.forbidden", "vi")], (page, role)
        assert not at.title and not at.dataframe and not at.metric
    anonymous = _run(f"views/{page}.py", demo_env)
    assert [e.value for e in anonymous.error] == [t("err.sign_in_required", "vi")]
    assert not anonymous.title


def test_home_shows_the_ward_chairs_own_figures(demo_env):
    at = _run("views/home.py", demo_env, "phuong1")
    assert "Phường 1" in at.caption[0].value
    with demo_env.cursor() as cur:
        expected = home.headline(cur, scope_for(demo_user(demo_env, "phuong1")))
        city = home.headline(cur, scope_for(demo_user(demo_env, "vanhoa")))
    values = {m.label: m.value for m in at.metric}
    assert values[t("home.venues", "vi")] == format_number(expected.venues)
    assert values[t("home.pending_review", "vi")] == format_number(expected.pending_review)
    assert expected.venues < city.venues


def test_sign_in_page_signs_in_and_refuses_wrong_password(demo_env, browser_cookies):
    at = _run("views/sign_in.py", demo_env)
    at.text_input(key="sign_in.username").input("vanhoa")
    at.text_input(key="sign_in.password").input("wrong password")
    at.button[0].click().run()
    assert [e.value for e in at.error] == [t("err.sign_in_refused", "vi")]
    assert session.USER not in at.session_state
    at.text_input(key="sign_in.password").input("sadec2021-vanhoa")
    at.button[0].click().run()
    # signed in once the browser has traded the ticket for its cookie (lib.ui.session_routes does it over HTTP)
    assert session.USER not in at.session_state
    assert at.info[0].value == t("signin.wait", "vi")
    ticket = at.session_state[session.PENDING]
    with demo_env.cursor() as cur:
        token = sessions.claim_ticket(cur, ticket)
    browser_cookies.follow_seeded_user = False
    browser_cookies.cookies[sessions.COOKIE_NAME] = sessions.seal(demo_env.settings.resolved_secret(), token)
    reloaded = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    assert reloaded.session_state[session.USER].role == "office"
    assert reloaded.title[0].value == t("page.home", "vi")


def test_router_signed_out_shows_sign_in_and_signed_in_runs_home(demo_env):
    at = _run("app.py", demo_env)
    assert not at.exception
    assert at.title[0].value == t("app.title", "vi")
    assert at.text_input(key="sign_in.username") is not None
    at = _run("app.py", demo_env, "phuong1")
    assert not at.exception
    assert at.title[0].value == t("page.home", "vi")


def test_english_interface(demo_env):
    at = _run("views/home.py", demo_env, "vanhoa", lang="en")
    assert at.title[0].value == "Home"
    assert at.caption[0].value == "Scope: the whole city"


def test_idle_session_is_signed_out(demo_env):
    at = _run("views/home.py", demo_env, "vanhoa", last_seen=now_utc() - timedelta(hours=3))
    assert [e.value for e in at.error] == [t("err.sign_in_required", "vi")]
    assert session.USER not in at.session_state
    assert "30" in at.session_state[session.NOTICE]


def test_check_qr_typed_code_names_the_venue_from_the_database(demo_env):
    with demo_env.cursor() as cur:
        venue_id, name = cur.execute(
            "SELECT venue_id, name FROM venues WHERE ward_code = '29905' AND status = 'active' ORDER BY venue_id LIMIT 1"
        ).fetchone()
        before = cur.execute("SELECT count(*) FROM code_checks").fetchone()[0]
    at = _run("views/check_qr.py", demo_env, "phuong1")
    at.text_input(key="check_qr.typed").input(venue_id.lower())
    at.button(key="check_qr.submit").click().run()
    assert not at.exception
    assert at.success[0].value == t("check.typed_found", "vi")
    assert any(name in m.value for m in at.markdown)
    with demo_env.cursor() as cur:
        assert cur.execute("SELECT count(*) FROM code_checks").fetchone()[0] == before + 1


def test_check_qr_other_wards_venue_reads_unknown_for_a_chair(demo_env):
    with demo_env.cursor() as cur:
        other = cur.execute("SELECT venue_id FROM venues WHERE ward_code <> '29905' LIMIT 1").fetchone()[0]
    at = _run("views/check_qr.py", demo_env, "phuong1")
    at.text_input(key="check_qr.typed").input(other)
    at.button(key="check_qr.submit").click().run()
    assert [e.value for e in at.error] == [t("check.unknown", "vi")]
    assert not any(other in m.value for m in at.markdown)


def test_check_qr_photo_of_current_and_rotated_poster(demo_env):
    from lib.codes import rendering, tokens
    from lib.venues import posters

    chair = demo_user(demo_env, "phuong1")
    secret = demo_env.settings.resolved_secret()
    with demo_env.cursor() as cur:
        venue_id = cur.execute(
            "SELECT venue_id FROM venues WHERE ward_code = '29905' AND status = 'active' ORDER BY venue_id DESC LIMIT 1"
        ).fetchone()[0]
        venue = cur.execute("SELECT venue_id, code_version FROM venues WHERE venue_id = ?", [venue_id]).fetchone()
    photo = rendering.png_bytes(tokens.venue_url(demo_env.settings.public_url, tokens.sign(secret, "V", venue[0], venue[1])))
    at = _run("views/check_qr.py", demo_env, "phuong1")
    at.file_uploader(key="check_qr.upload").set_value(("poster.png", photo, "image/png"))
    at.button(key="check_qr.submit").click().run()
    assert at.success[0].value == t("check.current", "vi")
    with demo_env.cursor() as cur:
        posters.rotate_code(cur, chair, venue_id)
    at.button(key="check_qr.submit").click().run()
    assert at.warning[0].value == t("check.outdated", "vi", scanned=venue[1], current=venue[1] + 1)
    at.file_uploader(key="check_qr.upload").set_value(("p.png", rendering.png_bytes("hello"), "image/png"))
    at.button(key="check_qr.submit").click().run()
    assert at.error[0].value == t("check.foreign", "vi")


def _checkin_page(token: str) -> AppTest:
    """The public page as a phone opens it from a poster link."""
    at = AppTest.from_file(str(PROJECT_ROOT / "views/checkin.py"), default_timeout=60)
    at.query_params["v"] = token
    return at.run()


def test_self_checkin_page_shows_the_venue_of_a_valid_poster_and_refuses_forgeries(demo_env):
    from lib.codes import tokens

    with demo_env.cursor() as cur:
        venue_id, name, version = cur.execute(
            "SELECT venue_id, name, code_version FROM venues WHERE status = 'active' AND starts_at IS NULL ORDER BY venue_id LIMIT 1"
        ).fetchone()
    token = tokens.sign(demo_env.settings.resolved_secret(), "V", venue_id, version)
    at = _checkin_page(token)
    assert not at.exception
    assert at.subheader[0].value == name
    with demo_env.cursor() as cur:
        person_id, person_version = cur.execute(
            "SELECT person_id, code_version FROM people WHERE relationship = 'self' ORDER BY person_id DESC LIMIT 1 OFFSET 3"
        ).fetchone()
    code = tokens.sign(demo_env.settings.resolved_secret(), "P", str(person_id), person_version)
    at.text_input(key="checkin.code").input(code)
    at.button(key="checkin.go").click().run()
    assert any("ĐÃ VÀO lúc" in m.value for m in at.markdown if "door-result" in m.value)
    with demo_env.cursor() as cur:
        assert (
            cur.execute(
                "SELECT method FROM checkins WHERE person_id = ? AND venue_id = ? ORDER BY checked_in_at DESC LIMIT 1",
                [person_id, venue_id],
            ).fetchone()[0]
            == "self_scan"
        )
    at = _checkin_page(token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert [e.value for e in at.error] == [t("code.forged", "vi")] and not at.subheader


def test_tracing_lookup_needs_a_reason_and_audits_the_view(demo_env):
    with demo_env.cursor() as cur:
        phone = cur.execute("SELECT phone FROM people WHERE relationship = 'self' ORDER BY person_id LIMIT 1").fetchone()[0]
    at = _run("views/tracing.py", demo_env, "yte")
    at.text_input(key="tracing.query").input(phone)
    at.button(key="tracing.search").click().run()
    assert [e.value for e in at.error] == [t("val.required", "vi")]
    at.text_input(key="tracing.reason").input("Xác minh F1 ca BN-7")
    at.button(key="tracing.search").click().run()
    person, phone_header = presentation.header("person_id", "vi"), presentation.header("phone", "vi")
    [found] = [d.value for d in at.dataframe if person in d.value.columns and phone_header in d.value.columns]
    assert len(found) >= 1
    tables = len(at.dataframe)
    at.selectbox(key="tracing.pick").select(int(found[person][0])).run()
    assert not at.exception and len(at.dataframe) == tables + 1
    with demo_env.cursor() as cur:
        actions = [
            r[0] for r in cur.execute("SELECT action FROM audit_log WHERE reason = 'Xác minh F1 ca BN-7' ORDER BY audit_id").fetchall()
        ]
    assert actions[0] == "search_people" and "view_history" in actions


def test_tracing_case_to_contacts_mark_and_call_list(demo_env):
    at = _run("views/tracing.py", demo_env, "yte")
    assert not at.exception
    at.text_input(key="tracing.purpose").input("Truy vết ca bệnh").run()
    case_id = at.selectbox(key="trace.case").value
    at.button(key="trace.run").click().run()
    assert not at.exception
    assert any(s.value.startswith("Người tiếp xúc:") for s in at.subheader)
    [contacts] = [d.value for d in at.dataframe if "Họ và tên" in d.value.columns]
    assert list(contacts.columns)[:3] == ["Họ và tên", "Năm sinh", "Điện thoại"]
    picked = at.multiselect(key=f"trace.pick.{case_id}").value
    assert picked  # the demo's cases met people; F1 and household are pre-selected
    at.multiselect(key=f"trace.pick.{case_id}").set_value(picked[:1]).run()
    at.button(key="trace.mark").click().run()
    assert not at.exception and any("mục theo dõi" in s.value for s in at.success)
    sms = at.text_area(key="trace.sms").value
    assert "thông báo" in sms and demo_env.settings.health_hotline in sms
    with demo_env.cursor() as cur:
        audited = [r[0] for r in cur.execute("SELECT action FROM audit_log WHERE target = ? ORDER BY audit_id", [str(case_id)]).fetchall()]
        marked = cur.execute(
            "SELECT count(*) FROM risk_followups WHERE case_id = ? AND person_id = ? AND mark_id IS NOT NULL", [case_id, int(picked[0])]
        ).fetchone()[0]
    assert audited[-2:] == ["trace_case", "mark_f1"] and marked == 1


def test_ward_chair_cannot_open_tracing(demo_env):
    at = _run("views/tracing.py", demo_env, "phuong1")
    assert not at.exception and "trace.case" not in [s.key for s in at.selectbox] and not at.dataframe


def test_a_red_person_checking_in_from_a_poster_sees_the_instruction_and_is_not_recorded(demo_env):
    from lib.checkins import door_status
    from lib.codes import tokens

    secret = demo_env.settings.resolved_secret()
    with demo_env.cursor() as cur:
        venue_id, version = cur.execute(
            "SELECT venue_id, code_version FROM venues WHERE status = 'active' AND starts_at IS NULL ORDER BY venue_id DESC LIMIT 1"
        ).fetchone()
        red = cur.execute(
            "SELECT p.person_id, p.code_version FROM people p JOIN declarations d ON d.person_id = p.person_id"
            " WHERE d.risk_level = 'red' AND d.declared_at = (SELECT max(declared_at) FROM declarations x WHERE x.person_id = p.person_id)"
            " AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.person_id = p.person_id AND c.checked_out_at IS NULL)"
            " ORDER BY p.person_id LIMIT 1"
        ).fetchone()
        before = cur.execute("SELECT count(*) FROM checkins WHERE person_id = ?", [red[0]]).fetchone()[0]
        advice = door_status.status_of(cur, red[0]).resident_advice
    at = _checkin_page(tokens.sign(secret, "V", venue_id, version))
    at.text_input(key="checkin.code").input(tokens.sign(secret, "P", str(red[0]), red[1]))
    at.button(key="checkin.go").click().run()
    shown = [m.value for m in at.markdown if "door-result" in m.value]
    assert shown and t("door.self_refused", "vi") in shown[0] and t(advice, "vi") in shown[0] and "ĐÃ VÀO" not in shown[0]
    with demo_env.cursor() as cur:
        assert cur.execute("SELECT count(*) FROM checkins WHERE person_id = ?", [red[0]]).fetchone()[0] == before
        assert cur.execute("SELECT decision FROM door_decisions WHERE person_id = ? AND venue_id = ?", [red[0], venue_id]).fetchall() == [
            ("refuse",)
        ]


def test_check_qr_reads_a_suspended_venues_poster_as_suspended_and_an_ended_events_as_ended(demo_env):
    from datetime import timedelta

    from lib.codes import rendering, tokens
    from lib.venues import registry

    chair = demo_user(demo_env, "phuong1")
    secret = demo_env.settings.resolved_secret()
    with demo_env.cursor() as cur:
        first, second = cur.execute(
            "SELECT venue_id, code_version FROM venues WHERE ward_code = '29905' AND status = 'active' AND ends_at IS NULL"
            " ORDER BY venue_id LIMIT 2"
        ).fetchall()
        registry.set_status(cur, chair, first[0], "suspended")
        cur.execute(
            "UPDATE venues SET starts_at = ?, ends_at = ? WHERE venue_id = ?",
            [now_utc() - timedelta(days=3), now_utc() - timedelta(days=1), second[0]],
        )
    at = _run("views/check_qr.py", demo_env, "phuong1")
    for (venue_id, version), key in ((first, "check.suspended"), (second, "check.ended")):
        photo = rendering.png_bytes(tokens.venue_url(demo_env.settings.public_url, tokens.sign(secret, "V", venue_id, version)))
        at.file_uploader(key="check_qr.upload").set_value(("poster.png", photo, "image/png"))
        at.button(key="check_qr.submit").click().run()
        assert not at.exception and not at.success
        assert [w.value for w in at.warning] == [t(key, "vi")]
    at.text_input(key="check_qr.typed").input(first[0])  # a typed code tells the same
    at.file_uploader(key="check_qr.upload").set_value(None)
    at.button(key="check_qr.submit").click().run()
    assert [w.value for w in at.warning] == [t("check.suspended", "vi")]
