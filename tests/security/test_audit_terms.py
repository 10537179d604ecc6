"""The audit log keeps what identifies a search without revealing it (issue 17, item 9).

The red team found full citizen ID numbers, phones and names in `audit_log.target`, shown back by the audit
search. Here a health officer searches by CCCD, phone and name through the tracing page (AppTest); no audit
column may then hold the ID number, the phone (in any spelling) or the full name, while the administrator who
types the same ID number on the privacy page still finds that search (keyed hash).
"""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from lib.people.identity import id_hash
from lib.platform import presentation
from lib.platform.config import PROJECT_ROOT
from lib.platform.times import now_utc
from lib.ui import session
from tests.builders import demo_user
from tests.conftest import tally

CCCD = "087080001234"


def _page(database, script: str, username: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / script), default_timeout=60)
    at.session_state[session.USER] = demo_user(database, username)
    at.session_state[session.LAST_SEEN] = now_utc()
    return at.run()


def _audit_text(database) -> str:
    with database.cursor() as cur:
        rows = cur.execute("SELECT concat_ws(' ', username, action, target, reason, details) FROM audit_log").fetchall()
    return "\n".join(r[0] for r in rows)


def test_searched_numbers_phones_and_names_are_not_in_the_audit_log(demo_env):
    secret = demo_env.settings.resolved_secret()
    with demo_env.cursor() as cur:
        person_id, name, phone = cur.execute(
            "SELECT person_id, full_name, phone FROM people WHERE phone IS NOT NULL AND ward_code = '29905' ORDER BY person_id LIMIT 1"
        ).fetchone()
        cur.execute("UPDATE people SET id_hash = ?, id_last4 = ? WHERE person_id = ?", [id_hash(secret, CCCD), CCCD[-4:], person_id])
    spaced_phone = f"{phone[:4]} {phone[4:7]} {phone[7:]}"
    at = _page(demo_env, "views/tracing.py", "yte")
    found = 0
    for query in (CCCD, spaced_phone, name):
        at.text_input(key="tracing.query").input(query)
        at.text_input(key="tracing.reason").input("Xác minh người tiếp xúc").run()
        at.button(key="tracing.search").click().run()
        assert not at.exception
        found += session.LOOKUP in at.session_state and at.session_state[session.LOOKUP] is not None
    logged = _audit_text(demo_env)
    digits_logged = re.sub(r"\D", "", logged)
    leaks = [what for what in (CCCD, phone, phone[1:]) if what in digits_logged]
    leaks += [name] if name in logged else []
    tally("audit search terms (CCCD, phone, name)", searched=3, stored_in_clear=len(leaks))
    assert found == 3 and logged.count("search_people") >= 3
    assert leaks == [], leaks

    admin = _page(demo_env, "views/privacy.py", "demo_admin")
    admin.text_input(key="pv.text").input(CCCD).run()
    action = presentation.header("action", "vi")
    [shown] = [d.value for d in admin.dataframe if action in d.value.columns]
    assert not admin.exception
    assert len(shown) >= 1 and all(CCCD not in " ".join(map(str, row)) for row in shown.itertuples(index=False))
    assert any("1234" in " ".join(map(str, row)) for row in shown.itertuples(index=False))


def test_search_terms_logged_before_the_fix_are_masked_by_the_migration(fresh_db):
    from lib.platform.db import MIGRATIONS_DIR

    with fresh_db.cursor() as cur:
        for typed in (CCCD, "0912 345 678", "NGUYỄN VĂN AN"):
            cur.execute("INSERT INTO audit_log (username, action, target, row_count) VALUES ('yte', 'search_people', ?, 1)", [typed])
        cur.execute((MIGRATIONS_DIR / "012_masked_search_terms.sql").read_text())
        targets = [r[0] for r in cur.execute("SELECT target FROM audit_log WHERE action = 'search_people' ORDER BY audit_id").fetchall()]
    assert targets == ["number: …1234", "number: …5678", "name: N**"]
