"""Fragment reruns re-read the signed-in user (issue 17.6): an account disabled while the door page is open
stops writing at the fragment's next run, not only at the next full run of the page.

AppTest has no switch for a fragment-only rerun, so `run_fragments` asks its script runner for one the way
the browser does (a RerunData naming the fragment ids), then reads the database.
"""

from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest, local_script_runner

from lib.codes import tokens
from lib.platform.i18n import t
from lib.ui import session
from tests.pages.test_pages import _run


def run_fragments(at: AppTest, monkeypatch: pytest.MonkeyPatch, newest_only: bool = False) -> AppTest:
    """Rerun only the fragments the last run registered (what `run_every` or a click inside one does); with
    `newest_only`, only the one registered last (a dialog opened after the live view)."""
    storage = at._fragment_storage  # AppTest keeps them for its next runs
    fragment_ids = sorted(storage._fragments, key=storage._registration_sequence_by_id.get)
    assert fragment_ids
    if newest_only:
        fragment_ids = fragment_ids[-1:]
    original = local_script_runner.RerunData

    def fragment_rerun(*args, **kwargs):
        return replace(original(*args, **kwargs), fragment_id_queue=fragment_ids, is_fragment_scoped_rerun=True)

    with monkeypatch.context() as patch:
        patch.setattr(local_script_runner, "RerunData", fragment_rerun)
        return at.run()


def _person(demo_env, offset: int) -> tuple[int, str]:
    with demo_env.cursor() as cur:
        person_id, version = cur.execute(
            "SELECT person_id, code_version FROM people WHERE relationship = 'self' ORDER BY person_id LIMIT 1 OFFSET ?", [offset]
        ).fetchone()
    return person_id, tokens.sign(demo_env.settings.resolved_secret(), "P", str(person_id), version)


def _checkins_of(demo_env, person_id: int) -> int:
    with demo_env.cursor() as cur:
        return cur.execute("SELECT count(*) FROM checkins WHERE person_id = ?", [person_id]).fetchone()[0]


def test_fragment_rerun_writes_nothing_once_the_account_is_disabled(demo_env, no_webrtc, monkeypatch):
    person_id, code = _person(demo_env, 3)
    at = _run("views/scan.py", demo_env, "chosadec")
    assert not at.exception
    frame_scanner = at.session_state[session.FRAME_SCANNER]
    before = _checkins_of(demo_env, person_id)
    with demo_env.cursor() as cur:
        cur.execute("UPDATE users SET active = FALSE WHERE username = 'chosadec'")
    try:
        frame_scanner.payloads.put(code)  # the webcam decoded a code; the fragment's next poll records it
        at = run_fragments(at, monkeypatch)
        assert _checkins_of(demo_env, person_id) == before
        assert session.USER not in at.session_state
        assert t("err.sign_in_required", "vi") in [e.value for e in at.error]
    finally:
        with demo_env.cursor() as cur:
            cur.execute("UPDATE users SET active = TRUE WHERE username = 'chosadec'")


def test_fragment_rerun_still_records_for_an_active_account(demo_env, no_webrtc, monkeypatch):
    person_id, code = _person(demo_env, 4)
    at = _run("views/scan.py", demo_env, "chosadec")
    frame_scanner = at.session_state[session.FRAME_SCANNER]
    before = _checkins_of(demo_env, person_id)
    frame_scanner.payloads.put(code)
    at = run_fragments(at, monkeypatch)
    assert not at.exception
    assert _checkins_of(demo_env, person_id) == before + 1


def test_close_the_day_dialog_rerun_closes_nothing_once_the_account_is_disabled(demo_env, no_webrtc, monkeypatch):
    from tests.pages.test_scan_page import _household, _scan

    owner, _ = _household(demo_env, "0913000105")
    at = _scan(_run("views/scan.py", demo_env, "chosadec"), owner.token)
    at.button(key="scan.close_day").click().run()
    with demo_env.cursor() as cur:
        cur.execute("UPDATE users SET active = FALSE WHERE username = 'chosadec'")
    try:
        at.button(key="scan.close_day_yes").click()
        at = run_fragments(at, monkeypatch, newest_only=True)  # a click inside a dialog reruns the dialog alone
        with demo_env.cursor() as cur:
            closed = cur.execute("SELECT checked_out_at FROM checkins WHERE person_id = ?", [owner.person_id]).fetchone()[0]
        assert closed is None
    finally:
        with demo_env.cursor() as cur:
            cur.execute("UPDATE users SET active = TRUE WHERE username = 'chosadec'")
