"""The registry page's "Đăng ký" button: one library call, and an event whose end has already passed asks
for confirmation in a dialog (the library refuses it without one) instead of being registered silently."""

from __future__ import annotations

import streamlit as st

from lib.access.users import User
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.platform.times import format_datetime
from lib.ui import resources, session
from lib.ui.confirm import confirmation, open_confirmation
from lib.ui.forms import FieldSlots
from lib.venues import registry

PAST_END = "venues.create_past_end"  # the dialog's key


def create_button(user: User, data: registry.VenueInput, slots: FieldSlots, confirm_duplicate: bool, lang: str) -> None:
    """Register the venue typed into the form; on success open it in the detail tab."""
    if slots.button(t("venue.create", lang), type="primary", key="venues.create"):
        try:
            with resources.cursor() as cur:
                venue_id = registry.create_venue(cur, user, data, confirm_duplicate=confirm_duplicate)
        except AppError as err:
            if err.key == "venue.past_end":
                open_confirmation(PAST_END)
            else:
                slots.show(err, lang)
        else:  # redraw so the list and the detail tab include the new venue, opened in the detail tab
            session.flash(_opened(venue_id, lang))
            st.rerun()

    def create_anyway(by: User) -> str:
        with resources.cursor() as cur:
            venue_id = registry.create_venue(cur, by, data, confirm_duplicate=confirm_duplicate, confirm_past_end=True)
        return _opened(venue_id, lang)

    body = t("venue.past_end", lang, ends=format_datetime(data.ends_at))
    confirmation(PAST_END, t("venue.past_end_title", lang), body, lang, "venues", create_anyway)


def _opened(venue_id: str, lang: str) -> str:
    """Open the new venue in the detail tab on the next run; the message to flash."""
    session.preset_widget("venues.pick", venue_id)
    return t("venue.created", lang, venue_id=venue_id)
