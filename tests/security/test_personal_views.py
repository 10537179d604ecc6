"""Viewing personal rows on screen is audited with its count and purpose (issue 17, item 10).

The red team read the follow-up queue (737 rows) and the case list without a trace in the audit log, and
`trace_case` was audited without a reason. Through the pages in AppTest: no purpose, no list; with one, one
audit row per page and session carrying the number of people shown and the purpose, however many reruns
follow; a trace records the purpose as its reason, and the library refuses a trace without one.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from lib.platform import presentation
from lib.platform.config import PROJECT_ROOT
from lib.platform.errors import InvalidInputError
from lib.platform.times import now_utc
from lib.tracing import contacts
from lib.ui import session
from tests.builders import demo_user
from tests.conftest import tally


def _page(database, script: str, username: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / script), default_timeout=60)
    at.session_state[session.USER] = demo_user(database, username)
    at.session_state[session.LAST_SEEN] = now_utc()
    return at.run()


def _views(database, target: str) -> list[tuple]:
    with database.cursor() as cur:
        return cur.execute(
            "SELECT username, row_count, reason FROM audit_log WHERE action = 'view_personal' AND target = ? ORDER BY audit_id", [target]
        ).fetchall()


def _names_on_screen(at: AppTest) -> int:
    header = presentation.header("full_name", "vi")
    return sum(len(d.value) for d in at.dataframe if header in d.value.columns)


def test_follow_up_queue_needs_a_purpose_and_is_audited_once_per_session(demo_env):
    at = _page(demo_env, "views/risk.py", "yte")
    hidden = _names_on_screen(at)
    if any(box.key == "rq.purpose" for box in at.text_input):
        at.text_input(key="rq.purpose").input("Gọi điện cho người cần theo dõi").run()
    shown = _names_on_screen(at)
    for _ in range(5):  # reruns, a filter change: no new row
        at.run()
    at.selectbox(key="rq.source").select("declaration").run()
    views = _views(demo_env, "rq.queue")
    tally("on-screen personal views (follow-up queue, 7 runs)", rows_shown=shown, unaudited_runs=0 if views else 7, audit_rows=len(views))
    assert hidden == 0 and shown > 0
    assert views == [("yte", shown, "Gọi điện cho người cần theo dõi")]


def test_case_list_and_trace_record_the_purpose(demo_env):
    at = _page(demo_env, "views/tracing.py", "yte")
    assert "trace.case" not in [s.key for s in at.selectbox]  # no case list before the purpose
    if any(box.key == "tracing.purpose" for box in at.text_input):
        at.text_input(key="tracing.purpose").input("Truy vết ca bệnh BN-12").run()
    case_id = at.selectbox(key="trace.case").value
    at.button(key="trace.run").click().run()
    at.run()
    assert not at.exception
    with demo_env.cursor() as cur:
        cases_listed = cur.execute("SELECT count(*) FROM cases").fetchone()[0]
        traced = cur.execute("SELECT reason FROM audit_log WHERE action = 'trace_case' AND target = ?", [str(case_id)]).fetchall()
        health = demo_user(demo_env, "yte")
        with pytest.raises(InvalidInputError):
            contacts.trace_case(cur, health, int(case_id), contacts.TraceRules(), reason="  ")
    views = _views(demo_env, "trace.cases")
    tally(
        "on-screen personal views (case list, trace)",
        views=2,
        without_purpose=int(not views) + int(traced != [("Truy vết ca bệnh BN-12",)]),
    )
    assert views == [("yte", cases_listed, "Truy vết ca bệnh BN-12")]
    assert traced == [("Truy vết ca bệnh BN-12",)]
