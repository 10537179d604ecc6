"""The light poster page (lib.ui.poster_page, lib.ui.poster_routes): the project's self check-in rules and
limits, form tokens bound to the browser and the poster, both languages, inert text."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from starlette.requests import Request

from lib.access import rate_limits
from lib.checkins import self_checkin
from lib.codes import tokens
from lib.platform.i18n import t
from lib.ui import poster_page, poster_routes, resources
from lib.venues import posters
from tests import builders as build

SECRET = "poster-secret"
CLIENT = rate_limits.client(SECRET, "203.0.113.7")
COOKIE = "browser-cookie-1"


@pytest.fixture
def setup(fresh_db):
    with fresh_db.cursor() as cur:
        office = build.office(cur)
        market = build.venue(cur, office, "Chợ <b>Sa</b> & 'Đéc'", "market", address="1 Lê Lợi")
        family = build.household(cur, SECRET)
        venue = cur.execute("SELECT venue_id, code_version FROM venues WHERE venue_id = ?", [market]).fetchone()
    poster = posters.venue_token(SECRET, SimpleNamespace(venue_id=venue[0], code_version=venue[1]))
    return fresh_db, office, market, poster, family


def _csrf(body: str) -> str:
    return re.search(r"name='csrf' value='([^']+)'", body).group(1)


def _form(poster: str, code: str, lang: str = "vi", cookie: str = COOKIE) -> dict[str, str]:
    return {"v": poster, "code": code, "lang": lang, "csrf": poster_page.csrf_token(SECRET, cookie, poster)}


def _visits(cur, person_id: int) -> list[tuple]:
    return cur.execute(
        "SELECT venue_id, method, recorded_by, checked_out_at IS NULL FROM checkins WHERE person_id = ? ORDER BY checkin_id", [person_id]
    ).fetchall()


def test_landing_shows_the_venue_as_inert_text_sets_a_cookie_and_offers_the_forms(setup):
    database, _, market, poster, _ = setup
    with database.cursor() as cur:
        reply = poster_page.landing(cur, SECRET, poster, "vi", None)
    assert reply.status == 200 and reply.cookie
    assert "Chợ &lt;b&gt;Sa&lt;/b&gt; &amp; &#x27;Đéc&#x27;" in reply.body and "<b>Sa</b>" not in reply.body
    assert f"· {market}</p>" in reply.body and t("light.paste", "vi") in reply.body
    assert poster_page.check_csrf(SECRET, reply.cookie, poster, _csrf(reply.body)) is None
    with database.cursor() as cur:  # a returning browser keeps its cookie
        assert poster_page.landing(cur, SECRET, poster, "en", reply.cookie).cookie is None


def test_forged_and_outdated_posters_are_refused_with_the_reason(setup):
    database, office, market, poster, _ = setup
    with database.cursor() as cur:
        forged = poster_page.landing(cur, SECRET, build.forged(poster), "en", None)
        assert forged.status == 404 and t("code.forged", "en") in forged.body and "name='code'" not in forged.body
        posters.rotate_code(cur, office, market)
        outdated = poster_page.landing(cur, SECRET, poster, "vi", None)
        assert t("poster.outdated", "vi") in outdated.body and "name='code'" not in outdated.body
        # a form of the old poster posted after the rotation records nothing
        family = cur.execute("SELECT person_id FROM people ORDER BY person_id").fetchall()
        code = tokens.sign(SECRET, tokens.PERSON, str(family[1][0]), 1)
        reply = poster_page.check_in(cur, SECRET, _form(poster, code), COOKIE, CLIENT, "vi")
        assert t("poster.outdated", "vi") in reply.body and _visits(cur, family[1][0]) == []


def test_a_tap_checks_in_through_the_door_rules_and_a_second_tap_is_the_same_visit(setup):
    database, _, market, poster, family = setup
    child = family[1]
    with database.cursor() as cur:
        first = poster_page.check_in(cur, SECRET, _form(poster, child.token, "en"), COOKIE, CLIENT, "vi")
        assert first.status == 200 and "data-kind='checked_in'" in first.body and "CHECKED IN at" in first.body
        assert "HỒ G** B**" in first.body and "Green — Admit" in first.body
        again = poster_page.check_in(cur, SECRET, _form(poster, child.token, "vi"), COOKIE, CLIENT, "vi")
        assert "data-kind='already_in'" in again.body and "Đã check-in lúc" in again.body
        assert _visits(cur, child.person_id) == [(market, "self_scan", None, True)]
        logged = cur.execute("SELECT device FROM self_checkin_log WHERE person_id = ?", [child.person_id]).fetchall()
        assert logged == [(CLIENT.key,), (CLIENT.key,)]  # the client's keyed hash, as the Streamlit page logs it


def test_bad_codes_are_told_apart_and_record_nothing(setup):
    database, _, _, poster, family = setup
    with database.cursor() as cur:
        for code, key in ((build.forged(family[0].token), "code.forged"), ("hello", "code.foreign"), (poster, "code.venue_not_personal")):
            reply = poster_page.check_in(cur, SECRET, _form(poster, code, "en"), COOKIE, CLIENT, "vi")
            assert reply.status == 200 and t(key, "en") in reply.body
        empty = poster_page.check_in(cur, SECRET, _form(poster, "  "), COOKIE, CLIENT, "vi")
        assert t("light.no_code", "vi") in empty.body
        assert cur.execute("SELECT count(*) FROM checkins").fetchone()[0] == 0


def test_the_self_check_in_limit_per_client_holds(setup):
    database, _, _, poster, family = setup
    with database.cursor() as cur:
        kinds = []
        for n in range(self_checkin.MAX_PER_CLIENT + 2):
            reply = poster_page.check_in(cur, SECRET, _form(poster, family[n % 2].token, "en"), COOKIE, CLIENT, "vi")
            kinds.append("limited" if "Too many check-ins" in reply.body else "counted")
        assert kinds == ["counted"] * self_checkin.MAX_PER_CLIENT + ["limited"] * 2
        # the household's phone is over its limit too; another phone at another client is not held back
        reply = poster_page.check_in(
            cur, SECRET, _form(poster, family[1].token, "en"), COOKIE, rate_limits.client(SECRET, "203.0.113.8"), "vi"
        )
        assert "Too many check-ins" in reply.body
        neighbour = build.person(cur, 900)
        code = tokens.sign(SECRET, tokens.PERSON, str(neighbour), 1)
        reply = poster_page.check_in(cur, SECRET, _form(poster, code, "en"), COOKIE, rate_limits.client(SECRET, "203.0.113.8"), "vi")
        assert "data-kind='checked_in'" in reply.body and "No health declaration" in reply.body


def test_missing_forged_foreign_and_expired_form_tokens_record_nothing(setup):
    database, _, _, poster, family = setup
    code = family[1].token
    other_poster = posters.venue_token(SECRET, SimpleNamespace(venue_id="ZZZZZZ", code_version=1))
    with database.cursor() as cur:
        cases = {
            "no cookie": (_form(poster, code), None),
            "no token": ({**_form(poster, code), "csrf": ""}, COOKIE),
            "another browser's token": (_form(poster, code, cookie="someone-else"), COOKIE),
            "another poster's token": ({**_form(poster, code), "csrf": poster_page.csrf_token(SECRET, COOKIE, other_poster)}, COOKIE),
            "edited expiry": ({**_form(poster, code), "csrf": "9999999999." + _form(poster, code)["csrf"].split(".")[1]}, COOKIE),
        }
        for name, (form, cookie) in cases.items():
            reply = poster_page.check_in(cur, SECRET, form, cookie, CLIENT, "en")
            assert reply.status == 403 and t("light.bad_request", "vi") in reply.body, name
        expired = {**_form(poster, code), "csrf": poster_page.csrf_token(SECRET, COOKIE, poster, now=0)}
        reply = poster_page.check_in(cur, SECRET, expired, COOKIE, CLIENT, "vi")
        assert reply.status == 200 and t("light.expired", "vi") in reply.body
        assert poster_page.check_csrf(SECRET, COOKIE, poster, _csrf(reply.body)) is None  # a fresh form to tap again
        assert _visits(cur, family[1].person_id) == []
        assert cur.execute("SELECT count(*) FROM limit_counters").fetchone()[0] == 0  # nothing counted either


def test_language_from_the_link_or_form_else_the_server_default(setup):
    database, _, _, poster, family = setup
    assert (
        poster_page.language("en", "vi") == "en" and poster_page.language("fr", "vi") == "vi" and poster_page.language(None, "en") == "en"
    )
    with database.cursor() as cur:
        english = poster_page.landing(cur, SECRET, poster, "en", COOKIE)
        assert "<html lang='en'>" in english.body and t("light.paste", "en") in english.body and ">Tiếng Việt</a>" in english.body
        vietnamese = poster_page.check_in(cur, SECRET, {**_form(poster, family[1].token), "lang": "xx"}, COOKIE, CLIENT, "vi")
        assert "<html lang='vi'>" in vietnamese.body and "ĐÃ VÀO lúc" in vietnamese.body and "Xanh — Cho vào" in vietnamese.body


def test_kept_codes_get_their_names_from_the_database_and_only_with_the_form_token(setup):
    database, _, _, poster, family = setup
    csrf = poster_page.csrf_token(SECRET, COOKIE, poster)
    codes = [family[0].token, "forged<script>", family[0].token, family[1].token, poster]
    with database.cursor() as cur:
        found = poster_page.holders(cur, SECRET, {"v": poster, "csrf": csrf, "codes": codes}, COOKIE)
        assert found == [{"code": family[0].token, "name": "HỒ V** T**"}, {"code": family[1].token, "name": "HỒ G** B**"}]
        assert poster_page.holders(cur, SECRET, {"v": poster, "csrf": csrf, "codes": codes}, "another-cookie") is None
        assert poster_page.holders(cur, SECRET, {"v": poster, "codes": codes}, COOKIE) is None
        assert poster_page.holders(cur, SECRET, ["not", "a", "dict"], COOKIE) is None


def _request(method: str, path: str, query: str = "", headers: dict[str, str] | None = None, body: bytes = b"") -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()] + [(b"content-length", str(len(body)).encode())]
    scope = {"type": "http", "method": method, "path": path, "query_string": query.encode(), "headers": raw}
    scope |= {"client": ("127.0.0.1", 50000), "scheme": "http", "server": ("127.0.0.1", 8501)}
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(scope, receive)


def test_routes_set_the_cookie_check_in_behind_the_trusted_proxy_and_refuse_other_content(setup):
    database, _, market, _, family = setup
    secret = resources.secret()  # the routes sign with the server's own secret
    with database.cursor() as cur:
        venue = cur.execute("SELECT venue_id, code_version FROM venues WHERE venue_id = ?", [market]).fetchone()
    poster = posters.venue_token(secret, SimpleNamespace(venue_id=venue[0], code_version=venue[1]))
    code = tokens.sign(secret, tokens.PERSON, str(family[1].person_id), 1)  # the family's code under that secret
    page = asyncio.run(poster_routes.poster(_request("GET", "/poster", f"v={poster}&lang=en")))
    cookie = re.search(r"qrcheckin_poster=([^;]+);", page.headers["set-cookie"]).group(1)
    assert (
        page.status_code == 200
        and "httponly" in page.headers["set-cookie"].lower()
        and "samesite=strict" in page.headers["set-cookie"].lower()
    )
    assert page.headers["cache-control"] == "no-store"
    form = urlencode({"v": poster, "code": code, "lang": "en", "csrf": _csrf(page.body.decode())}).encode()
    headers = {
        "content-type": "application/x-www-form-urlencoded",
        "cookie": f"qrcheckin_poster={cookie}",
        "x-forwarded-for": "198.51.100.4",
    }
    done = asyncio.run(poster_routes.poster(_request("POST", "/poster", headers=headers, body=form)))
    assert done.status_code == 200 and "CHECKED IN at" in done.body.decode()
    with database.cursor() as cur:
        assert _visits(cur, family[1].person_id) == [(market, "self_scan", None, True)]
        device = cur.execute("SELECT device FROM self_checkin_log WHERE person_id = ?", [family[1].person_id]).fetchone()[0]
    assert device == rate_limits.client(secret, "198.51.100.4").key  # counted as the forwarded address
    as_json = asyncio.run(
        poster_routes.poster(_request("POST", "/poster", headers={**headers, "content-type": "application/json"}, body=form))
    )
    assert as_json.status_code == 415
    names = json.dumps({"v": poster, "csrf": _csrf(page.body.decode()), "codes": [code]}).encode()
    listed = asyncio.run(
        poster_routes.holders(_request("POST", "/poster/holders", headers={**headers, "content-type": "application/json"}, body=names))
    )
    assert json.loads(listed.body) == [{"code": code, "name": "HỒ G** B**"}]
    as_form = asyncio.run(poster_routes.holders(_request("POST", "/poster/holders", headers=headers, body=names)))
    assert as_form.status_code == 415
    # the script is inline (no second request per tap) and the page's policy allows exactly that script
    inline = re.findall(r"<script>(.*?)</script>", page.body.decode(), re.S)
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    policy = page.headers["content-security-policy"]
    assert len(inline) == 1 and "textContent" in inline[0] and "<script src" not in page.body.decode()
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy and "unsafe-eval" not in policy
    assert done.headers["content-security-policy"] == policy


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_result_panel_has_its_colour_and_readable_text_for_every_outcome(setup):
    """The walk found the panel white on white: its style attribute held a (background, text) pair."""
    database, _, _, poster, family = setup
    with database.cursor() as cur:
        for person in family:  # the owner is red (refused: not self check-in), his son green
            body = poster_page.check_in(cur, SECRET, _form(poster, person.token), COOKIE, CLIENT, "vi").body
            style = re.search(r"data-testid='door-result'[^>]* style='([^']*)'", body).group(1)
            colours = dict(part.split(":", 1) for part in style.split(";") if part)
            assert re.fullmatch(r"#[0-9a-f]{6}", colours["background"]) and re.fullmatch(r"#[0-9a-f]{6}", colours["color"])
            light, dark = sorted((_luminance(colours["background"]), _luminance(colours["color"])), reverse=True)
            assert (light + 0.05) / (dark + 0.05) >= 4.5
