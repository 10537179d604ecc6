"""AppTest of the self check-in page with codes kept on the phone (lib.ui.browser.phone_codes stands in for
the browser's localStorage, which AppTest has not): one tap per member, and "Quên điện thoại này"."""

from streamlit.testing.v1 import AppTest

from lib.codes import tokens
from lib.people import identity
from lib.platform import inert
from lib.platform.config import PROJECT_ROOT
from lib.platform.i18n import t
from lib.ui import browser, session
from lib.venues import posters
from tests import builders


def test_poster_link_offers_one_tap_per_kept_code_and_forgets_them(demo_env, monkeypatch):
    secret = demo_env.settings.resolved_secret()
    with demo_env.cursor() as cur:
        venue = builders.open_venue(cur)
        people = cur.execute("SELECT person_id, full_name, code_version FROM people ORDER BY person_id LIMIT 2").fetchall()
    phone = [{"person": p, "name": "typed on the phone", "code": tokens.sign(secret, "P", str(p), v)} for p, _, v in people]
    asked = []

    def kept(key, save=None, forget=False):
        asked.append(forget)
        if forget:
            phone.clear()
        return list(phone)

    monkeypatch.setattr(browser, "phone_codes", kept)
    at = AppTest.from_file(str(PROJECT_ROOT / "views" / "checkin.py"), default_timeout=60)
    at.query_params["v"] = posters.venue_token(secret, venue)
    at.run()
    assert not at.exception
    labels = [b.label for b in at.button if b.key and b.key.startswith("checkin.as.")]
    assert labels == [t("self.as", "vi", name=inert.markdown(identity.mask_name(name))) for _, name, _ in people]  # a label is Markdown
    at.button(key=f"checkin.as.{people[0][0]}").click().run()
    assert any("ĐÃ VÀO lúc" in m.value or "Đã check-in" in m.value for m in at.markdown)
    at.button(key="checkin.forget").click().run()
    assert True in asked
    assert not [b for b in at.button if b.key and b.key.startswith("checkin.as.")]
    assert at.info[0].value == t("self.forgotten", "vi")
    assert session.FORGET_PHONE in at.session_state
