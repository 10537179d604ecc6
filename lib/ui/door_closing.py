"""The door's "close the day" button: it stops every open visit of the venue, so it asks first in a dialog."""

from __future__ import annotations

import streamlit as st

from lib.access.users import User
from lib.checkins import closing
from lib.platform import inert
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.ui import guards, resources, session

CLOSE_DAY_OPEN = "scan.close_day.dialog_open"


def close_day_button(user: User, venue_id: str, venue_name: str, lang: str) -> None:
    """Close the day stops every open visit: it asks first. The dialog stays open through a flag of its own,
    so it works whether a click inside it reruns the dialog alone (a browser) or the whole page (AppTest)."""
    if st.button(t("scan.close_day", lang), key="scan.close_day"):
        st.session_state[CLOSE_DAY_OPEN] = venue_id
    if st.session_state.get(CLOSE_DAY_OPEN) != venue_id:
        return

    def confirm() -> None:
        st.warning(t("scan.close_day_confirm", lang, venue=inert.markdown(venue_name)))
        c1, c2 = st.columns(2)
        if c1.button(t("scan.close_day_yes", lang), key="scan.close_day_yes", type="primary"):
            by = guards.require_page("scan")  # a dialog reruns alone: who is signed in is read again, not captured
            if by is None:
                return
            try:
                with resources.cursor() as cur:
                    closed = closing.close_day(cur, by, venue_id)
            except AppError as err:
                st.error(err.message(lang))
                return
            st.session_state.pop(CLOSE_DAY_OPEN, None)
            session.flash(t("scan.closed_day", lang, n=closed))
            st.rerun()
        if c2.button(t("scan.cancel", lang), key="scan.close_day_no"):
            st.session_state.pop(CLOSE_DAY_OPEN, None)
            st.rerun()

    st.dialog(t("scan.close_day", lang), on_dismiss=lambda: st.session_state.pop(CLOSE_DAY_OPEN, None))(confirm)()
