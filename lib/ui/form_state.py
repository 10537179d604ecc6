"""What an edit form showed when it was opened, so a save writes only the fields the person changed.

Streamlit forgets a widget's state when a run does not draw it (another entity was chosen), so the snapshot is
taken again whenever the form's first widget has no state yet: the snapshot and the widgets always start from
the same stored values. The snapshot is the form's own output on that first draw, so defaults the form fills
in (a category's typical capacity) are not mistaken for changes.
"""

from __future__ import annotations

from typing import TypeVar

import streamlit as st

T = TypeVar("T")


def _name(form_key: str) -> str:
    return f"{form_key}.__opened_with"


def is_opening(first_widget_key: str) -> bool:
    """True when the form is drawn afresh in this run (call before drawing it)."""
    return first_widget_key not in st.session_state


def form_base(form_key: str, shown: T, opening: bool) -> T:
    """What the form `form_key` produced when it was opened: `shown` (the form's values in this run) when it
    is being opened now or nothing was kept."""
    if opening or _name(form_key) not in st.session_state:
        st.session_state[_name(form_key)] = shown
    return st.session_state[_name(form_key)]


def forget_form_base(form_key: str) -> None:
    """After a save: the next run takes what the form then shows (the saved values) as its start."""
    st.session_state.pop(_name(form_key), None)
