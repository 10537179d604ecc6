"""Personal downloads are audited by the function that makes the file, not by the click.

Streamlit registers a download button's deferred data callable and runs it for any request that carries its
id, click or not (a raw websocket client did exactly that). These tests run the follow-up queue page in AppTest,
collect the callables it registers with Streamlit's own MediaFileManager, and execute them as the server
would, without any click: no reason, no file; every file made has its audit row.
"""

from __future__ import annotations

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from lib.access import audit
from lib.platform.config import PROJECT_ROOT
from lib.platform.errors import InvalidInputError
from lib.platform.times import now_utc
from lib.ui import session
from tests.builders import demo_user
from tests.conftest import tally

PERSONAL = ("danh-sach-theo-doi.csv", "danh-sach-theo-doi.xlsx")


@pytest.fixture
def registered(monkeypatch):
    """Every deferred file a page registers, as (manager, file_id, file_name)."""
    seen: list[tuple[MediaFileManager, str, str | None]] = []
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
        file_id = original(self, data_callable, mimetype, coordinates, file_name=file_name, element_id=element_id)
        seen.append((self, file_id, file_name))
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return seen


def _risk_page(database, reason: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "views/risk.py"), default_timeout=60)
    at.session_state[session.USER] = demo_user(database, "yte")
    at.session_state[session.LAST_SEEN] = now_utc()
    at.run()
    for box in at.text_input:
        if box.key and box.key.endswith(".purpose"):
            box.input("Gọi điện theo dõi").run()
    if reason:
        at.text_input(key="rq.dl.reason").input(reason).run()
    return at


def _exports(database) -> int:
    with database.cursor() as cur:
        return int(cur.execute("SELECT count(*) FROM audit_log WHERE action = 'export' AND target = 'danh-sach-theo-doi'").fetchone()[0])


def _fetch(manager: MediaFileManager, file_id: str) -> bytes:
    """What a client gets for a deferred-file request: Streamlit runs the callable, stores the bytes."""
    url = manager.execute_deferred(file_id)
    return manager._storage.get_file(url.rsplit("/", 1)[-1].split(".")[0]).content


def test_deferred_personal_files_without_a_click_are_audited_each_time(demo_env, registered):
    _risk_page(demo_env, "Gọi điện cho người cần theo dõi")
    personal = [(m, f) for m, f, name in registered if name in PERSONAL]
    before = _exports(demo_env)
    made = 0
    for manager, file_id in personal * 3:  # asked three times each, never clicked
        made += len(_fetch(manager, file_id)) > 0
    audited_rows = _exports(demo_env) - before
    tally("downloads asked without a click", files_made=made, without_audit_row=made - audited_rows)
    assert len(personal) == 2 and made == 6 and audited_rows == made


def test_personal_files_are_not_made_without_a_reason(demo_env, registered):
    _risk_page(demo_env, "")
    personal = [f for _, f, name in registered if name in PERSONAL]
    before = _exports(demo_env)
    user = demo_user(demo_env, "yte")
    made = []
    with demo_env.cursor() as cur, pytest.raises(InvalidInputError):
        audit.exported_file(cur, user, "export", "danh-sach-theo-doi", 737, "   ", "csv", lambda: made.append(1) or b"rows")
    tally("downloads without a reason", tried=len(PERSONAL) + 1, files_made=len(personal) + len(made))
    assert personal == [] and made == [] and _exports(demo_env) == before
