"""Form helpers shared by pages: per-field error placeholders."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from lib.platform.errors import AppError, FormErrors


class FieldSlots:
    """Placeholders under each field, filled with its error after a failed save."""

    def __init__(self) -> None:
        self._slots: dict[str, DeltaGenerator] = {}

    def add(self, name: str) -> None:
        self._slots[name] = st.empty()

    def show(self, err: AppError, lang: str) -> None:
        """Per-field messages for FormErrors; anything else as one message at the top slot."""
        if isinstance(err, FormErrors):
            for name, field_err in err.fields.items():
                (self._slots.get(name) or st).error(field_err.message(lang))
            st.error(err.message(lang))
        else:
            st.error(err.message(lang))
