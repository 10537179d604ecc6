"""Choice widgets (select box, radio, multiselect) whose values are codes or ids and whose labels are only shown.

Streamlit 1.67 keeps a choice in the browser as its *label*, not as the option. Two defects follow when a page
passes labels that can change or repeat, and these wrappers remove both at the root:
- labels that change between runs (a language switch, a renamed venue): the browser keeps showing the old label,
  which matches no option, so the radio looks unanswered and the next run resets it to its default (or drops it
  from a multiselect). `_restate` writes the current value back before the widget is drawn, so Streamlit sends
  the new label to the browser and the code survives.
- equal labels (two people called "NGUYỄN VĂN AN"): both options serialise to the same label and come back as
  the first one. `_unique_labels` appends the option itself to every label shared by several options.
Every page uses these instead of `st.selectbox` / `st.radio` / `st.multiselect` for anything formatted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Protocol

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from lib.ui import streamlit_texts, url_state

# Stands for the option None ("All" of a filter) inside Streamlit, which reads a None value as "nothing chosen":
# written back after a language switch, None emptied the box instead of showing "All" in the new language.
NO_CHOICE = "\x00none"


RESETS = "choices.resets"  # key -> value a choice widget takes on its next draw (reset_next_run)


def reset_next_run(key: str, value: Any) -> None:
    """Put a choice widget back to `value` when it is next drawn. Setting it directly fails once the widget is
    drawn in this run, and removing its state lets the browser send its old choice back."""
    st.session_state.setdefault(RESETS, {})[key] = value


def _restate(key: str, options: Sequence[Any], many: bool = False) -> None:
    """Write the widget's current value back (before it is drawn in this run) so the browser gets its label in
    the labels of this run; a value no longer among the options is left for Streamlit to reset."""
    if key not in st.session_state:
        return
    value = st.session_state[key]
    if many:
        st.session_state[key] = [v for v in value or [] if v in options]
    elif value is None and NO_CHOICE in options:
        st.session_state[key] = NO_CHOICE
    elif value is None or value in options:
        st.session_state[key] = value


def _unique_labels(options: Sequence[Hashable], format_func: Callable[[Any], Any]) -> Callable[[Any], str]:
    """A format_func whose labels differ for different options (a shared label gets the option appended)."""
    labels = {option: str(format_func(option)) for option in options}
    counts = Counter(labels.values())
    unique = {option: label if counts[label] == 1 else f"{label} · {option}" for option, label in labels.items()}
    return lambda option: unique.get(option, str(format_func(option)))


class ChoiceWidget(Protocol):
    """The shape of the three wrappers: Streamlit's own arguments, `key` required, `where` for a column or form."""

    def __call__(
        self,
        label: str,
        options: Sequence[Hashable],
        *,
        key: str,
        format_func: Callable[[Any], Any] = str,
        where: DeltaGenerator | None = None,
        in_url: str | None = None,
        **kwargs: Any,
    ) -> Any: ...


def _choice_widget(kind: str, doc: str, many: bool = False) -> ChoiceWidget:
    """One wrapper of `st.<kind>` (or `where.<kind>`): the current value restated, labels made unique; with
    `in_url` (single choices only) the value is also kept in that URL parameter, so F5 and a second tab keep it."""

    def widget(
        label: str,
        options: Sequence[Hashable],
        *,
        key: str,
        format_func: Callable[[Any], Any] = str,
        where: DeltaGenerator | None = None,
        in_url: str | None = None,
        **kwargs: Any,
    ) -> Any:
        options = list(options) if many else [NO_CHOICE if o is None else o for o in options]
        if in_url:
            url_state.restore(key, in_url, options)
        pending = st.session_state.get(RESETS)
        if pending and key in pending:
            st.session_state[key] = pending.pop(key)
        _restate(key, options, many=many)
        if kind != "radio":
            kwargs.setdefault("placeholder", streamlit_texts.choice_placeholder(many))
        draw = getattr(where or st, kind)
        shown = _unique_labels(options, lambda o: format_func(None if o == NO_CHOICE else o))
        value = draw(label, options, key=key, format_func=shown, **kwargs)
        value = None if value == NO_CHOICE else value
        if in_url:
            url_state.keep(in_url, value)
        return value

    widget.__name__ = widget.__qualname__ = kind
    widget.__doc__ = doc
    return widget


selectbox = _choice_widget("selectbox", "`st.selectbox` returning the chosen option (a code or id), never its label.")
radio = _choice_widget("radio", "`st.radio` returning the chosen option, kept across label changes.")
multiselect = _choice_widget(
    "multiselect", "`st.multiselect` returning the chosen options (ids stay apart even when their labels are equal).", many=True
)
