"""The scanner component itself (Streamlit components v2, no frontend build step): scanner.js and
scanner.css beside this file, registered once at import. What it is given (`data`) and what it sends
(`follow_up`) are described in scanner.js; this module only mounts it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from streamlit.components.v2 import component as v2_component

HERE = Path(__file__).resolve().parent
NAME = "qrcheckin_door_scanner"

_mount = v2_component(
    NAME,
    css=(HERE / "scanner.css").read_text(encoding="utf-8"),
    js=(HERE / "scanner.js").read_text(encoding="utf-8"),
)


def mount(key: str, data: dict[str, Any], on_follow_up: Callable[[], None]) -> None:
    """Place the scanner; `on_follow_up` runs (before the rerun it causes) when an answer of the scanner's
    route holds results for the guard, whose scan ids it then finds in `st.session_state[key]["follow_up"]`."""
    _mount(key=key, data=data, on_follow_up_change=on_follow_up)
