"""The door's look-up of a visitor without a code is for the person standing there (issue 17, item 7).

The red team, as venue staff, looked up anyone in the city (phone + birth year, or last 4 + birth year) and
saw candidates and their health. Through the scan page in AppTest: answers that fit two people show nobody,
one person shows only the masked name and the guard's instruction, each look-up is audited without the phone
or digits typed, and the per-account limit holds across new browser sessions.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from lib.access import rate_limits
from lib.platform.config import PROJECT_ROOT
from lib.platform.i18n import CATALOGUE, t
from lib.platform.times import now_utc
from lib.ui import session, webcam
from tests.builders import demo_user
from tests.conftest import tally

LIMIT = rate_limits.LIMITS["staff_lookup"]["account"].count


@pytest.fixture(autouse=True)
def no_webrtc(monkeypatch):
    """The WebRTC widget cannot run under AppTest (as in tests/pages/conftest.py)."""
    monkeypatch.setattr(webcam, "stream", lambda *args, **kwargs: False)


def _scan(database) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "views/scan.py"), default_timeout=60)
    at.session_state[session.USER] = demo_user(database, "chosadec")
    at.session_state[session.LAST_SEEN] = now_utc()
    return at.run()


def _look_up(at: AppTest, phone: str = "", year: object = "", last4: str = "") -> AppTest:
    at.text_input(key="scan.nc_phone").input(phone)
    at.text_input(key="scan.nc_last4").input(last4)
    at.text_input(key="scan.nc_year").input(str(year))
    if any(toggle.key == "scan.nc_find" for toggle in at.toggle):  # the old page looked up on every rerun of a toggle
        return at.toggle(key="scan.nc_find").set_value(True).run()
    return at.button(key="scan.nc_find").click().run()


def _picks(at: AppTest) -> list[str]:
    return [b.key for b in at.button if b.key and b.key.startswith("scan.nc_pick.")]


def test_two_matches_show_nobody_one_shows_masked_name_and_instruction(demo_env):
    with demo_env.cursor() as cur:
        (a, phone, year), (b, *_) = cur.execute(
            "SELECT person_id, phone, birth_year FROM people WHERE phone IS NOT NULL ORDER BY person_id LIMIT 2"
        ).fetchall()
        cur.execute("UPDATE people SET phone = ?, birth_year = ? WHERE person_id = ?", [phone, year, b])  # now two people fit
        reasons = [r[0] for r in cur.execute("SELECT DISTINCT unnest(risk_reasons) FROM declarations").fetchall()]
    at = _look_up(_scan(demo_env), phone, year)
    assert not at.exception and _picks(at) == [] and [i.value for i in at.info] == [t("scan.nc_none", "vi")]
    with demo_env.cursor() as cur:
        cur.execute("UPDATE people SET phone = NULL, owner_phone = '0900000000' WHERE person_id = ?", [b])
    at = _look_up(at, phone, year)
    assert _picks(at) == [f"scan.nc_pick.{a}"]
    shown = " ".join(m.value for m in at.markdown)
    assert "**" not in shown.replace("\\*", "")  # the masked name's stars are shown as text
    health_words = [t(f"reason.{r}", "vi") for r in reasons if f"reason.{r}" in CATALOGUE]
    assert not any(word in shown for word in health_words)
    with demo_env.cursor() as cur:
        logged = cur.execute("SELECT row_count, details FROM audit_log WHERE action = 'door_lookup' ORDER BY audit_id").fetchall()
    tally("door look-ups fitting two people", tried=1, candidates_shown=0)
    assert [r[0] for r in logged] == [0, 1] and all(phone not in (r[1] or "") for r in logged)


def test_the_per_account_limit_holds_across_new_sessions(demo_env):
    with demo_env.cursor() as cur:
        year = cur.execute("SELECT birth_year FROM people ORDER BY person_id LIMIT 1").fetchone()[0]
    processed = refused = 0
    tried = LIMIT + 10
    at = _scan(demo_env)
    for attempt in range(tried):
        if attempt % 5 == 0:
            at = _scan(demo_env)  # a new browser session every fifth look-up: it must not reset the count
        at = _look_up(at, f"09{attempt:08d}", year)
        assert not at.exception
        if [e.value for e in at.error] == [t("err.staff_lookup_limited", "vi", n=LIMIT, minutes=60)]:
            refused += 1
        else:
            processed += 1
    with demo_env.cursor() as cur:
        audited = cur.execute("SELECT count(*) FROM audit_log WHERE action = 'door_lookup'").fetchone()[0]
    tally("door look-ups by one staff account (new session every 5)", tried=tried, processed=processed, audited=audited)
    assert processed == LIMIT and refused == tried - LIMIT and audited == LIMIT
