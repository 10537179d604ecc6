"""AppTest of the administrator's pages: changing a role on the users page, and the data-protection page
(audit search, purge now, backup now, a deletion request carried out)."""

from streamlit.testing.v1 import AppTest

from lib.access import accounts
from lib.platform import presentation
from lib.platform.config import PROJECT_ROOT
from lib.platform.i18n import t
from lib.platform.times import now_utc
from lib.privacy import data_rights
from lib.ui import session
from tests import builders as build
from tests.builders import demo_user


def _page(script: str, database, username: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / script), default_timeout=60)
    at.session_state[session.USER] = demo_user(database, username)
    at.session_state[session.LAST_SEEN] = now_utc()
    return at.run()


def test_admin_changes_a_role_on_the_users_page(demo_env):
    with demo_env.cursor() as cur:
        target = build.office(cur, "doivaitro").user_id
    at = _page("views/users.py", demo_env, "demo_admin")
    at.selectbox(key="users.account").set_value(target).run()
    at.selectbox(key=f"users.role.{target}").set_value("health")
    next(b for b in at.button if b.label == t("users.save", "vi")).click().run()
    assert not at.exception and not at.error
    with demo_env.cursor() as cur:
        assert accounts.load_user(cur, target).role == "health"
        assert cur.execute("SELECT count(*) FROM audit_log WHERE action = 'change_role' AND target = 'doivaitro'").fetchone()[0] == 1


def test_the_users_page_loads_each_accounts_own_values_and_changes_only_what_was_edited(demo_env):
    with demo_env.cursor() as cur:
        staff_id = build.staff(cur, (), "nhanvien2").user_id
        ward_id = build.ward_chair(cur, build.PHUONG_2, "phuongx").user_id
    at = _page("views/users.py", demo_env, "demo_admin")
    at.selectbox(key="users.account").set_value(ward_id).run()
    at.selectbox(key="users.account").set_value(staff_id).run()
    assert at.selectbox(key=f"users.role.{staff_id}").value == "staff"  # the chosen account's role, not the last one's
    at.checkbox(key=f"users.active.{staff_id}").uncheck()
    next(b for b in at.button if b.label == t("users.save", "vi")).click().run()
    assert not at.exception and not at.error
    with demo_env.cursor() as cur:
        found = cur.execute("SELECT user_id, role, ward_code, active FROM users WHERE user_id IN (?, ?)", [staff_id, ward_id]).fetchall()
    rows = {r[0]: r[1:] for r in found}
    assert rows == {staff_id: ("staff", None, False), ward_id: ("ward", "29911", True)}


def test_data_protection_page_purges_backs_up_and_carries_out_requests(demo_env):
    with demo_env.cursor() as cur:
        household = cur.execute(
            "SELECT household_id FROM people WHERE person_id NOT IN (SELECT person_id FROM cases) ORDER BY person_id DESC LIMIT 1"
        ).fetchone()[0]
        data_rights.request_deletion(cur, household)
    at = _page("views/privacy.py", demo_env, "demo_admin")
    assert not at.exception and not at.error
    action = presentation.header("action", "vi")
    audit_rows = next(d.value for d in at.dataframe if action in d.value.columns)
    assert "data_deletion_requested" in set(audit_rows[action])
    at.button(key="pv.backup").click().run()
    assert not at.exception and not at.error
    files = list(demo_env.settings.backup_dir.glob("qrcheckin-*.duckdb"))
    assert files
    at.button(key="pv.purge").click().run()
    assert not at.exception and not at.error
    request = [b for b in at.button if b.key and b.key.startswith("pv.delete.")]
    assert request
    request[0].click().run()
    assert not at.exception and not at.error
    with demo_env.cursor() as cur:
        assert cur.execute("SELECT count(*) FROM people WHERE household_id = ?", [household]).fetchone()[0] == 0
        actions = {r[0] for r in cur.execute("SELECT action FROM audit_log").fetchall()}
    assert {"backup", "purge", "data_deleted"} <= actions
