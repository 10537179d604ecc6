"""Why personal rows are on screen: the purpose is asked once per page and browser session, and each view of
personal rows is audited with its count and that purpose (Decree 356/2025: who looked at whose data, why).

A page asks with `ask(page, lang)` before it shows a list of people and calls `shown(...)` with the number of
rows it shows. The audit row is written once per page, purpose and session: a rerun, a click or a filter that
shows fewer rows writes nothing; more rows than recorded so far, or another purpose, writes a new row.
"""

from __future__ import annotations

import streamlit as st

from lib.access import audit
from lib.access.users import User
from lib.platform.i18n import t
from lib.ui import resources, session_views


def ask(page: str, lang: str) -> str:
    """The purpose stated for `page` in this session ('' until given), from a text box keyed `{page}.purpose`
    that keeps its answer when the officer leaves the page and comes back."""
    stated = st.text_input(t("purpose.ask", lang), value=session_views.view_purpose(page), key=f"{page}.purpose", max_chars=300).strip()
    session_views.remember_view_purpose(page, stated)
    if not stated:
        st.info(t("purpose.needed", lang))
    return stated


def shown(user: User, page: str, rows: int, purpose: str) -> None:
    """Audit that `rows` personal rows of `page` are on screen for `purpose` (once per page, purpose and session)."""
    if rows <= session_views.view_audited(page, purpose):
        return
    with resources.cursor() as cur:
        audit.viewed(cur, user, page, rows, purpose)
    session_views.remember_view_audited(page, purpose, rows)
