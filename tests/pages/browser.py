"""AppTest as a browser sends choices: by the label it shows.

AppTest re-formats every choice widget's value with the newest labels before each run, which hides what a real
browser does: it keeps sending the label it displays, and that label changes only when the person picks another
option or the server sends a new value (`set_value` in the element). `remember_shown_labels` patches AppTest's
select box, radio and multiselect to behave like the browser, so a language switch mid-form is tested as people
live it.
"""

from __future__ import annotations

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import element_tree
from streamlit.testing.v1.element_tree import InitialValue


def remember_shown_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: dict[str, WidgetState] = {}

    def patch(cls: type, many: bool) -> None:
        original = cls._widget_state.fget

        def widget_state(self) -> WidgetState:
            if not isinstance(self._value, InitialValue):  # the person picked just now
                shown[self.id] = original(self)
            elif self.proto.set_value:  # the server told the browser what to show
                ws = WidgetState(id=self.id)
                if many:
                    ws.string_array_value.data[:] = list(self.proto.raw_values)
                elif self.proto.HasField("raw_value"):
                    ws.string_value = self.proto.raw_value
                shown[self.id] = ws
            elif self.id not in shown:
                shown[self.id] = original(self)
            return shown[self.id]

        monkeypatch.setattr(cls, "_widget_state", property(widget_state))

    patch(element_tree.Radio, many=False)
    patch(element_tree.Selectbox, many=False)
    patch(element_tree.Multiselect, many=True)
