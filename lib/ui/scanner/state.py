"""The browser scanner's part of the session (the only place its `st.session_state` keys are named): the
batches its callback kept for the fragment, the scan ids recorded for this browser, and the result shown over
its preview."""

from __future__ import annotations

import streamlit as st

SCANNER_INBOX = "session.scanner_inbox"
SCANNER_ACKS = "session.scanner_acks"
SCANNER_SHOWN = "session.scanner_shown"


def keep_scanner_batch(component_key: str) -> None:
    """The browser scanner's callback: keep the batch it just sent for the fragment's run, which checks the
    signed-in user before anything is recorded (a callback runs before the rerun and writes nothing itself)."""
    value = st.session_state.get(component_key)
    batch = value.get("scans") if isinstance(value, dict) else None
    if batch is not None:
        st.session_state.setdefault(SCANNER_INBOX, []).append(batch)


def take_scanner_batches() -> list:
    """The batches the browser scanner sent since the last run, oldest first (and forgotten here)."""
    return st.session_state.pop(SCANNER_INBOX, [])


def acknowledge_scans(scan_ids: list[str]) -> list[str]:
    """Remember the scan ids recorded for this browser (the newest 500), which the scanner then drops from
    its queue; returns them all."""
    acks = [*st.session_state.get(SCANNER_ACKS, []), *scan_ids][-500:]
    st.session_state[SCANNER_ACKS] = acks
    return acks


def scanner_acks() -> list[str]:
    return st.session_state.get(SCANNER_ACKS, [])


def scanner_shown(result: dict | None = None) -> dict | None:
    """The result the scanner shows over its preview (with a sequence number, so it beeps once); set it by
    passing one."""
    if result is not None:
        seq = (st.session_state.get(SCANNER_SHOWN) or {}).get("seq", 0) + 1
        st.session_state[SCANNER_SHOWN] = {**result, "seq": seq}
    return st.session_state.get(SCANNER_SHOWN)
