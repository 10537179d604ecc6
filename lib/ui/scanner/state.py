"""The browser scanner's part of the session (the only place its `st.session_state` keys are named): the scans
whose results the component asked the page to show for the guard (lib/ui/scanner/handoff.py)."""

from __future__ import annotations

import streamlit as st

SCANNER_FOLLOW_UPS = "session.scanner_follow_ups"


def keep_follow_up(component_key: str) -> None:
    """The scanner's callback when an answer holds a result for the guard: keep its scan ids for the fragment's
    run, which checks the signed-in user before taking anything (a callback runs before the rerun)."""
    value = st.session_state.get(component_key)
    asked = value.get("follow_up") if isinstance(value, dict) else None
    ids = asked.get("ids") if isinstance(asked, dict) else None
    if isinstance(ids, list):
        st.session_state.setdefault(SCANNER_FOLLOW_UPS, []).extend(i for i in ids[:50] if isinstance(i, str))


def take_follow_ups() -> list[str]:
    """The scan ids the scanner asked about since the last run, oldest first (and forgotten here)."""
    return st.session_state.pop(SCANNER_FOLLOW_UPS, [])
