"""A button whose action waits for "Xác nhận" in a dialog: for everything that stops or changes check-ins
(suspending or closing a venue, rotating its code, closing the day).

The dialog stays open across runs through a flag of its own (cleared by confirm, cancel or dismissing it), so
it works whether the click inside it reruns the dialog alone (a browser) or the whole page (AppTest).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from lib.access.users import User
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.ui import choices, guards, session


def _flag(key: str) -> str:
    return f"{key}.dialog_open"


def _close(key: str) -> None:
    st.session_state.pop(_flag(key), None)


def confirm_button(
    label: str,
    key: str,
    title: str,
    body: str,
    lang: str,
    page: str,
    action: Callable[[User], str],
    undo_on_cancel: dict[str, object] | None = None,
    **button_args: object,
) -> None:
    """A button that opens a confirmation dialog; on "Xác nhận" `action` (one library call for the user allowed
    on `page`, returning the message to show) runs, its message is flashed and the page redrawn; domain errors
    stay in the dialog. The dialog reruns alone in a browser, so the user is read again there, never captured.
    `undo_on_cancel`: choice widgets that chose what the action would do (key -> value), put back by "Hủy" (a cancelled
    "Tạm ngừng" stayed chosen under a heading still saying "Đang hoạt động")."""
    if st.button(label, key=key, **button_args):  # type: ignore[arg-type]
        open_confirmation(key)
    confirmation(key, title, body, lang, page, action, undo_on_cancel)


def open_confirmation(key: str) -> None:
    """Ask for confirmation from code rather than a button of its own (a library call refused for want of one)."""
    st.session_state[_flag(key)] = True


def confirmation(
    key: str,
    title: str,
    body: str,
    lang: str,
    page: str,
    action: Callable[[User], str],
    undo_on_cancel: dict[str, object] | None = None,
) -> None:
    """The dialog of `confirm_button` while it is open: "Xác nhận" runs `action` as there, "Hủy" closes it
    (and resets the widgets in `undo_on_cancel`)."""
    if not st.session_state.get(_flag(key)):
        return

    def dialog() -> None:
        st.warning(body)
        c1, c2 = st.columns(2)
        if c1.button(t("confirm.yes", lang), type="primary", key=f"{key}.yes"):
            by = guards.require_page(page)
            if by is None:  # a public page has nothing to confirm
                return
            try:
                message = action(by)
            except AppError as err:
                st.error(err.message(lang))
                return
            _close(key)
            session.flash(message)
            st.rerun()
        if c2.button(t("confirm.cancel", lang), key=f"{key}.cancel"):
            _close(key)
            for widget, value in (undo_on_cancel or {}).items():
                choices.reset_next_run(widget, value)
            st.rerun()

    st.dialog(title, on_dismiss=lambda: _close(key))(dialog)()
