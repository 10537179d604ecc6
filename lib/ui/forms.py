"""Form helpers shared by pages: per-field error placeholders with a summary at the submit button, and the
text box that opens the numeric keypad on phones."""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from lib.platform.errors import AppError, FormErrors
from lib.platform.i18n import t


class FieldSlots:
    """Placeholders under each field, filled with its error after a failed save."""

    def __init__(self) -> None:
        self._slots: dict[str, DeltaGenerator] = {}
        self._labels: dict[str, str] = {}

    def add(self, name: str, label: str | None = None) -> None:
        """A placeholder for field `name` here; `label` names it in the summary at the submit button."""
        self._slots[name] = st.empty()
        if label:
            self._labels[name] = label

    def show(self, err: AppError, lang: str) -> None:
        """Each field's message under it, and all of them listed where this is called (at the submit button,
        so a person who cannot see the first wrong field still reads what to fix); anything else as one message."""
        if not isinstance(err, FormErrors):
            st.error(err.message(lang))
            return
        lines = []
        for name, field_err in err.fields.items():
            (self._slots.get(name) or st).error(field_err.message(lang))
            label = self._labels.get(name)
            lines.append(f"- {label}: {field_err.message(lang)}" if label else f"- {field_err.message(lang)}")
        st.error("\n".join([t("val.form_summary", lang, n=len(err.fields)), "", *lines]))


def digits_input(label: str, key: str, where: DeltaGenerator | None = None, autocomplete: str = "off", **kwargs: Any) -> str:
    """A text box for digits (phone, birth year, CCCD): `type="phone"` opens the numeric keypad on phones.
    No `max_chars`: a browser silently refuses a paste longer than it (a CCCD pasted with spaces), so the
    length is checked in lib, which says what is wrong."""
    kwargs.setdefault("placeholder", "")
    kwargs.setdefault("icon", ":material/dialpad:")
    return (where or st).text_input(label, key=key, type="phone", autocomplete=autocomplete, **kwargs) or ""
