"""A genuine token inside a foreign link is a phishing poster, not a valid one (issue 17, item 4).

The red team printed `https://evil.example/phish/checkin?v=<real token>` and "Kiểm tra mã QR" read it "hợp lệ".
These tests photograph look-alikes of this server's own poster link (another host, a user part, another port,
scheme or path, extra parameters, percent-encoding, backslashes, a Cyrillic letter) carrying a real token and
upload them through the page in AppTest, as an officer's phone would; each must be named for what it is. The
door and the public check-in page's "paste your code" box must not take a code out of a foreign link either.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from lib.checkins import door
from lib.codes import rendering, tokens
from lib.people import households
from lib.platform.config import PROJECT_ROOT
from lib.platform.errors import InvalidCodeError
from lib.platform.i18n import t
from lib.platform.times import now_utc
from lib.ui import session
from lib.venues import posters
from tests.builders import demo_user
from tests.conftest import tally


def look_alikes(own: str, token: str) -> list[str]:
    """Links that are not `{own}/checkin?v=<token>` but look like it (own is e.g. http://localhost:8501)."""
    scheme, host = own.split("://", 1)
    other_scheme = "https" if scheme == "http" else "http"
    bare_host, _, port = host.partition(":")
    other_port = f"{bare_host}:{int(port or 80) + 1}"
    return [
        f"https://evil.example/phish/checkin?v={token}",
        f"http://evil.example/checkin?v={token}",
        f"{scheme}://{host}.evil.example/checkin?v={token}",
        f"{scheme}://{host}@evil.example/checkin?v={token}",
        f"{scheme}://evil.example@{host}/checkin?v={token}",
        f"{scheme}://user:pass@{host}/checkin?v={token}",
        f"{scheme}://{other_port}/checkin?v={token}",
        f"{other_scheme}://{host}/checkin?v={token}",
        f"{scheme}://{host}/phish/checkin?v={token}",
        f"{scheme}://{host}/checkin/../phish?v={token}",
        f"{scheme}://{host}/checkin/?v={token}",
        f"{scheme}://{host}/poster/?v={token}",  # the light poster page's look-alikes (issue 19)
        f"{scheme}://{host}/poster/holders?v={token}",
        f"{scheme}://{host}/phish/poster?v={token}",
        f"https://evil.example/poster?v={token}",
        f"{scheme}://{host}//checkin?v={token}",
        f"{scheme}://{host}/checkin?v={token}&next=https://evil.example",
        f"{scheme}://{host}/checkin?next=https://evil.example&v={token}",
        f"{scheme}://{host}/checkin?v={token}#@evil.example",
        f"{scheme}://{host}%2F@evil.example/checkin?v={token}",
        f"{scheme}://{host}/checkin%3Fv={token}",
        f"{scheme}://{host}/checkin?v=%43{token[1:]}",
        f"{scheme}://{host}\\@evil.example/checkin?v={token}",
        f"{scheme}://{host.replace('o', 'о', 1)}/checkin?v={token}",  # a Cyrillic о
        f"{scheme.upper()}://EVIL.EXAMPLE/checkin?v={token}",
        f"//evil.example/checkin?v={token}",
        f"javascript:alert(1)//{host}/checkin?v={token}",
        f"data:text/html,<a href=//evil.example>{host}/checkin?v={token}</a>",
        f"{scheme}://{host}/checkin?v={token}\n{scheme}://evil.example",
        f"{scheme}://{host} /checkin?v={token}",
    ]


def _check_page(database) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "views/check_qr.py"), default_timeout=60)
    at.session_state[session.USER] = demo_user(database, "vanhoa")
    at.session_state[session.LAST_SEEN] = now_utc()
    return at.run()


def _venue_token(database) -> tuple[str, str]:
    with database.cursor() as cur:
        venue_id, version = cur.execute(
            "SELECT venue_id, code_version FROM venues WHERE status = 'active' ORDER BY venue_id LIMIT 1"
        ).fetchone()
    return venue_id, tokens.sign(database.settings.resolved_secret(), tokens.VENUE, venue_id, int(version))


def test_check_qr_names_foreign_links_and_bare_tokens_through_the_page(demo_env):
    own = demo_env.settings.public_url
    _, token = _venue_token(demo_env)
    at = _check_page(demo_env)
    shown: dict[str, str] = {}
    for text in [*look_alikes(own, token), token, tokens.venue_url(own, token)]:
        at.file_uploader(key="check_qr.upload").set_value(("poster.png", rendering.png_bytes(text), "image/png"))
        at.button(key="check_qr.submit").click().run()
        assert not at.exception, text
        shown[text] = " ".join(e.value for e in [*at.success, *at.warning, *at.error])
    genuine = shown.pop(tokens.venue_url(own, token))
    bare = shown.pop(token)
    valid = t("check.current", "vi")
    read_valid = [text for text, message in shown.items() if valid in message]
    tally("QR check of look-alike poster links (page)", tried=len(shown) + 1, read_valid=len(read_valid) + (valid in bare))
    assert genuine == valid
    assert read_valid == [] and valid not in bare, read_valid
    named = [text for text, message in shown.items() if message == t("check.foreign_link", "vi")]
    assert bare == t("check.bare_token", "vi") and len(named) == len(shown), sorted(set(shown) - set(named))


def test_every_link_taker_refuses_look_alikes(demo_env):
    """Door, poster check and personal-code box, on many look-alikes of both kinds of token (lib calls, the
    same functions the pages call)."""
    own = demo_env.settings.public_url
    secret = demo_env.settings.resolved_secret()
    venue_id, venue = _venue_token(demo_env)
    staff = demo_user(demo_env, "vanhoa")
    accepted = tried = 0
    with demo_env.cursor() as cur:
        person_id, version = cur.execute("SELECT person_id, code_version FROM people ORDER BY person_id LIMIT 1").fetchone()
        personal = tokens.sign(secret, tokens.PERSON, str(person_id), int(version))
        for token in (venue, personal):
            for text in look_alikes(own, token):
                tried += 3
                accepted += posters.check_scanned(cur, staff, secret, text, own).status not in (posters.FOREIGN_LINK, posters.FOREIGN)
                result = door.handle_payload(cur, staff, secret, venue_id, text, public_url=own)
                accepted += (result.kind, result.message_key) != ("refused", "code.foreign_link")
                try:
                    households.verify_personal_code(cur, secret, text)
                    accepted += 1
                except InvalidCodeError:
                    pass
        assert (
            door.handle_payload(cur, staff, secret, venue_id, tokens.venue_url(own, venue), public_url=own).message_key == "door.venue_code"
        )
    tally("look-alike links at door, QR check and code box", tried=tried, accepted=accepted)
    assert accepted == 0


def test_public_checkin_does_not_take_a_personal_code_out_of_a_foreign_link(demo_env):
    """A visitor (or a phishing page) pastes `https://evil.example/?v=<personal code>`: no check-in."""
    secret = demo_env.settings.resolved_secret()
    _, venue = _venue_token(demo_env)
    with demo_env.cursor() as cur:
        person_id, version = cur.execute(
            "SELECT person_id, code_version FROM people p WHERE NOT EXISTS (SELECT 1 FROM checkins c WHERE c.person_id = p.person_id"
            " AND c.checked_out_at IS NULL) ORDER BY person_id LIMIT 1"
        ).fetchone()
        before = cur.execute("SELECT count(*) FROM checkins WHERE person_id = ?", [person_id]).fetchone()[0]
    personal = tokens.sign(secret, tokens.PERSON, str(person_id), int(version))
    at = AppTest.from_file(str(PROJECT_ROOT / "views/checkin.py"), default_timeout=60)
    at.query_params["v"] = venue
    at.run()
    at.text_input(key="checkin.code").input(f"https://evil.example/checkin?v={personal}")
    at.button(key="checkin.go").click().run()
    with demo_env.cursor() as cur:
        after = cur.execute("SELECT count(*) FROM checkins WHERE person_id = ?", [person_id]).fetchone()[0]
    tally("personal code inside a foreign link on /checkin", tried=1, checked_in=after - before)
    assert after == before and [e.value for e in at.error] == [t("code.foreign_link", "vi")]
