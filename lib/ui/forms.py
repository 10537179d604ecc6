"""Form helpers shared by pages: each field's error under it with a summary at the submit button, and the
text box that opens the numeric keypad on phones."""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from lib.platform.errors import AppError, FormErrors
from lib.platform.i18n import t

FAILED = "forms.failed"  # session key prefix: the messages of a form's last failed save, shown in the next run only


class FieldSlots:
    """Each field's error under it after a failed save, all of them summarised at the button that saved.

    Nothing is drawn for a field while it has no error: a failed save remembers its messages and reruns the
    page, and that run draws each one where its field is. (Before, every field drew an empty placeholder on
    every run, 22 on the declaration page, for the rare run that fills them.) The messages are shown once:
    any later run draws the form clean, as the placeholders did."""

    def __init__(self, form: str) -> None:
        self._state_key = f"{FAILED}.{form}"
        # (button key, {field: message}, summary heading) of the save that failed in the run before this one
        self._failed: tuple[str, dict[str, str], str] | None = st.session_state.pop(self._state_key, None)
        self._placed: set[str] = set()
        self._labels: dict[str, str] = {}
        self._clicked: str | None = None

    def add(self, name: str, label: str | None = None) -> None:
        """Field `name` ends here: its error, if the last save failed on it; `label` names it in the summary."""
        self._placed.add(name)
        if label:
            self._labels[name] = label
        if self._failed and name in self._failed[1]:
            st.error(self._failed[1][name])

    def button(self, label: str, key: str, **kwargs: Any) -> bool:
        """st.button that saves this form: after a failed save through it, the summary is drawn under it."""
        clicked = st.button(label, key=key, **kwargs)
        if clicked:
            self._clicked = key
        elif self._failed and self._failed[0] == key:
            self._summary(self._failed[1], self._failed[2])
        return clicked

    def _summary(self, messages: dict[str, str], heading: str) -> None:
        """Every message listed with its field's label; a field without a place of its own gets its message here."""
        lines = []
        for name, message in messages.items():
            if name not in self._placed:
                st.error(message)
            label = self._labels.get(name)
            lines.append(f"- {label}: {message}" if label else f"- {message}")
        st.error("\n".join([heading, "", *lines]))

    def show(self, err: AppError, lang: str) -> None:
        """A save failed. Form errors after a click on `button` are remembered and the page is rerun to draw
        them in place (the summary lists them all at the button, so a person who cannot see the first wrong
        field still reads what to fix); anything else is one message here."""
        if not isinstance(err, FormErrors):
            st.error(err.message(lang))
            return
        messages = {name: field_err.message(lang) for name, field_err in err.fields.items()}
        heading = t("val.form_summary", lang, n=len(err.fields))
        if self._clicked is None:  # not saved through `button`: the fields drawn already, so only the summary
            self._summary(messages, heading)
            return
        st.session_state[self._state_key] = (self._clicked, messages, heading)
        st.rerun()


def digits_input(label: str, key: str, where: DeltaGenerator | None = None, autocomplete: str = "off", **kwargs: Any) -> str:
    """A text box for digits (phone, birth year, CCCD): `type="phone"` opens the numeric keypad on phones.
    No `max_chars`: a browser silently refuses a paste longer than it (a CCCD pasted with spaces), so the
    length is checked in lib, which says what is wrong."""
    kwargs.setdefault("placeholder", "")
    kwargs.setdefault("icon", ":material/dialpad:")
    return (where or st).text_input(label, key=key, type="phone", autocomplete=autocomplete, **kwargs) or ""
