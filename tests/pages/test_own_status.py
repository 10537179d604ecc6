"""A resident sees their own F0/F1 status and what to do on their history (declaration page)."""

from lib.platform import inert
from lib.platform.i18n import t
from lib.tracing import cases
from lib.ui import session
from tests.builders import demo_user
from tests.pages.test_pages import _run
from tests.pages.test_scan_page import _household


def test_a_confirmed_case_sees_f0_and_to_stay_in_isolation(demo_env):
    owner, child = _household(demo_env, "0913000101")
    with demo_env.cursor() as cur:
        cases.create_case(cur, demo_user(demo_env, "yte"), cases.CaseInput(child.person_id, child.declared_at.date()))
    at = _run("views/declaration.py", demo_env)
    at.session_state[session.HOUSEHOLD] = owner.person_id  # the household found again by phone (its owner's id)
    at.radio(key="declaration.mode").set_value("back").run()
    assert not at.exception
    red = [e.value for e in at.error]
    assert any("(F0)" in v and t("status.do_case", "vi") in v and inert.markdown(child.masked_name) in v for v in red)
    assert any(t("status.do_green", "vi") in s.value and inert.markdown(owner.masked_name) in s.value for s in at.success)
