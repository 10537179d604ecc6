"""Session helpers (st.session_state keys, as in lib.ui.session) for what a signed-in person was shown: the
purpose stated for viewing personal rows on each page, how many of those rows were audited, and the door's
last visitor look-up. Kept per browser session only, never in a shared cache."""

from __future__ import annotations

import streamlit as st

from lib.checkins.visitor_lookup import VisitorMatch

VIEW_PURPOSES = "session.view_purposes"
VIEWS_AUDITED = "session.views_audited"
VISITOR_MATCH = "session.visitor_match"


def view_purpose(page: str) -> str:
    """The purpose stated for viewing personal rows on `page` in this session ('' when none yet)."""
    return st.session_state.get(VIEW_PURPOSES, {}).get(page, "")


def remember_view_purpose(page: str, purpose: str) -> None:
    st.session_state.setdefault(VIEW_PURPOSES, {})[page] = purpose


def view_audited(page: str, purpose: str) -> int:
    """How many personal rows of `page` this session has already audited for `purpose` (0 when none)."""
    return st.session_state.get(VIEWS_AUDITED, {}).get((page, purpose), 0)


def remember_view_audited(page: str, purpose: str, rows: int) -> None:
    st.session_state.setdefault(VIEWS_AUDITED, {})[(page, purpose)] = rows


def remember_visitor_match(venue_id: str, match: VisitorMatch | None, keep: bool = True) -> None:
    """The door's last visitor look-up at this venue (one masked name or none); `keep=False` forgets it."""
    if keep:
        st.session_state[VISITOR_MATCH] = (venue_id, match)
    else:
        st.session_state.pop(VISITOR_MATCH, None)


def has_visitor_match(venue_id: str) -> bool:
    kept = st.session_state.get(VISITOR_MATCH)
    return kept is not None and kept[0] == venue_id


def visitor_match(venue_id: str) -> VisitorMatch | None:
    kept = st.session_state.get(VISITOR_MATCH)
    return kept[1] if kept is not None and kept[0] == venue_id else None
