"""AppTest of the users page's account actions (issue 16.8): create an account, lift a lock-out, reset a
password; and the forced password change that a printed or reset password leads to."""

import pytest
from streamlit.testing.v1 import AppTest

from lib.access import accounts
from lib.platform.config import PROJECT_ROOT
from lib.platform.errors import AuthError
from lib.platform.i18n import t
from lib.ui import session
from tests import builders as build
from tests.builders import demo_user


def _page(script: str, database, username: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / script), default_timeout=60)
    at.session_state[session.USER] = demo_user(database, username)
    return at.run()


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_admin_creates_an_account_that_must_change_its_password(demo_env):
    at = _page("views/users.py", demo_env, "demo_admin")
    at.text_input(key="users.new_username").input("ytephuong3")
    at.text_input(key="users.new_full_name").input("Cán bộ y tế P3")
    at.selectbox(key="users.new_role").set_value("health")
    at.text_input(key="users.new_password").input("mat-khau-ban-dau")
    _button(at, t("users.create_go", "vi")).click().run()
    assert not at.exception and not at.error
    assert at.success[0].value == t("users.created", "vi", username="ytephuong3")
    with demo_env.cursor() as cur:
        created = accounts.authenticate(cur, "ytephuong3", "mat-khau-ban-dau", 5, 15)
        assert cur.execute("SELECT count(*) FROM audit_log WHERE action = 'create_user' AND target = 'ytephuong3'").fetchone()[0] == 1
    assert created.role == "health" and created.must_change_password


def test_admin_sees_a_lock_out_and_lifts_it(demo_env):
    with demo_env.cursor() as cur:
        target = build.office(cur, "bikhoa").user_id
        for _ in range(5):  # locked the way a guesser locks it: through the sign-in guard's own counting
            with pytest.raises(AuthError):
                accounts.authenticate(cur, "bikhoa", "sai-mat-khau", 5, 15)
    at = _page("views/users.py", demo_env, "demo_admin")
    at.selectbox(key="users.account").set_value(target).run()
    assert any(c.value.startswith(t("users.locked_until", "vi", until="")[:12]) for c in at.caption)
    at.button(key=f"users.unlock.{target}").click().run()
    assert not at.exception and not at.error
    with demo_env.cursor() as cur:
        assert accounts.authenticate(cur, "bikhoa", build.PASSWORD, 5, 15).user_id == target


def test_admin_resets_a_password_shown_once_and_the_owner_must_change_it(demo_env):
    with demo_env.cursor() as cur:
        target = build.office(cur, "quenmk").user_id
    at = _page("views/users.py", demo_env, "demo_admin")
    at.selectbox(key="users.account").set_value(target).run()
    at.button(key=f"users.reset.{target}").click().run()
    assert not at.exception and not at.error
    temporary = at.code[0].value
    with demo_env.cursor() as cur:
        owner = accounts.authenticate(cur, "quenmk", temporary, 5, 15)
    assert owner.must_change_password
    # signed in with it, the owner is offered only the password change
    home = _page("views/home.py", demo_env, "quenmk")
    assert [e.value for e in home.error] == [t("err.must_change_password", "vi")]
    router = _page("app.py", demo_env, "quenmk")
    assert router.title[0].value == t("page.password", "vi")
    assert router.warning[0].value == t("password.forced", "vi")
    router.text_input(key="password.current").input(temporary)
    router.text_input(key="password.new").input("mat-khau-moi-cua-toi")
    router.text_input(key="password.repeat").input("mat-khau-moi-cua-toi")
    _button(router, t("password.submit", "vi")).click().run()
    assert not router.exception and not router.error
    assert router.title[0].value == t("page.password", "vi")
    assert router.success[0].value == t("password.changed", "vi")
    assert not _page("views/home.py", demo_env, "quenmk").error  # every page opens again


def test_a_new_account_has_no_role_until_chosen_and_a_chair_gets_a_ward_picked_by_name(demo_env):
    """The walk: the role started on "Quản trị hệ thống" and the ward was a bare code to look up in a file."""
    at = _page("views/users.py", demo_env, "demo_admin")
    assert at.selectbox(key="users.new_role").value is None
    at.text_input(key="users.new_username").input("chuadat")
    at.text_input(key="users.new_password").input("mat-khau-ban-dau")
    _button(at, t("users.create_go", "vi")).click().run()
    assert [e.value for e in at.error] == [t("err.role_required", "vi")]
    assert at.text_input(key="users.new_username").value == "chuadat"  # a refused form keeps what was typed
    ward = at.selectbox(key="users.new_ward")
    sa_dec = next(o for o in ward.options if o.startswith("Phường Sa Đéc · " + t("picker.scheme_2025", "vi")))
    at.text_input(key="users.new_username").input("ctsadec")
    at.text_input(key="users.new_password").input("mat-khau-ban-dau")
    at.selectbox(key="users.new_role").set_value("ward")
    ward.set_value(("2025", "29905"))
    _button(at, t("users.create_go", "vi")).click().run()
    assert not at.exception and not at.error and sa_dec
    assert at.text_input(key="users.new_username").value == ""  # a created account empties the form
    with demo_env.cursor() as cur:
        assert cur.execute("SELECT role, ward_scheme, ward_code FROM users WHERE username = 'ctsadec'").fetchone() == (
            "ward",
            "2025",
            "29905",
        )
        assert cur.execute("SELECT count(*) FROM users WHERE username = 'chuadat'").fetchone()[0] == 0
        chair = cur.execute("SELECT user_id FROM users WHERE username = 'ctsadec'").fetchone()[0]
    at.selectbox(key="users.account").set_value(chair).run()
    assert at.selectbox(key=f"users.ward.{chair}").value == ("2025", "29905")  # loads the held ward
