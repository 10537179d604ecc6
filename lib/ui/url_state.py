"""Choices kept in the page's URL, so F5, a second tab or a shared link open the page where the person was.

Streamlit starts a new session on F5 and in a second tab: everything in Session State is gone, but the URL's
query parameters stay. A selection that says *what* is open (a tab's code, a venue's id) is written there and read
back when the session has not chosen yet. Only codes and ids go into the URL, never names or personal data, and a
value read from it counts only when it is among the options this person may choose (authorization stays in lib).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st


def restore(key: str, name: str, options: Sequence[Any]) -> None:
    """Give widget `key` the option named by URL parameter `name` when this session has not set it yet."""
    if key in st.session_state or name not in st.query_params:
        return
    wanted = st.query_params.get(name)
    for option in options:
        if option is not None and str(option) == wanted:
            st.session_state[key] = option
            return


def keep(name: str, value: Any) -> None:
    """Write the current choice into the URL (None removes it); unchanged values are not sent again."""
    if value is None:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != str(value):
        st.query_params[name] = str(value)
